import { queryItems } from "./queryItems";
import { scanItems } from "./scanItems";

/** The group's page of the reference (docs/queries.md). */
export const about = {
  key: "queries",
  title: "Queries and scans",
  description: "Read many items: by key condition, or the whole table.",
};

/** The group's actions, in the order its page shows them. */
export default { queryItems, scanItems };
