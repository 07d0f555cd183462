import { exportItems } from "./exportItems";
import { importItems } from "./importItems";

/** Files: Items in from CSV, JSON or JSON Lines files, and out to them. */
export default { importItems, exportItems };
