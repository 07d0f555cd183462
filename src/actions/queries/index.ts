import { queryItems } from "./queryItems";
import { scanItems } from "./scanItems";

/** Queries and scans: Read many items: by key condition, or the whole table. */
export default { queryItems, scanItems };
