import { exportItems } from "./exportItems";
import { importItems } from "./importItems";

/** The group's page of the reference (docs/files.md). */
export const about = {
  key: "files",
  title: "Files",
  description: "Items in from CSV, JSON or JSON Lines files, and out to them.",
};

/** The group's actions, in the order its page shows them. */
export default { importItems, exportItems };
