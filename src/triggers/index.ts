import { tableChanges } from "./tableChanges";
import { tableChangesInstant } from "./tableChangesInstant";

export default { tableChanges, tableChangesInstant };
