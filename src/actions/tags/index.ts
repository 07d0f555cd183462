import { listTagsOfResource } from "./listTagsOfResource";
import { tagResource } from "./tagResource";
import { untagResource } from "./untagResource";

/** The group's page of the reference (docs/tags.md). */
export const about = {
  key: "tags",
  title: "Tags",
  description: "Tag tables, indexes and backups, and list their tags.",
};

/** The group's actions, in the order its page shows them. */
export default { tagResource, untagResource, listTagsOfResource };
