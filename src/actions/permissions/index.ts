import { generateIamPolicy } from "./generateIamPolicy";

/** The group's page of the reference (docs/permissions.md). */
export const about = {
  key: "permissions",
  title: "Permissions",
  description: "The IAM policy the chosen actions need (no AWS call).",
};

/** The group's actions, in the order its page shows them. */
export default { generateIamPolicy };
