import { selectBackup } from "./selectBackup";
import { selectExport } from "./selectExport";
import { selectIndex } from "./selectIndex";
import { selectRegion } from "./selectRegion";
import { selectTable } from "./selectTable";

export default { selectTable, selectRegion, selectIndex, selectBackup, selectExport };
