import { tableChanges } from "./tableChanges";

export default { tableChanges };
