import { listTagsOfResource } from "./listTagsOfResource";
import { tagResource } from "./tagResource";
import { untagResource } from "./untagResource";

/** Tags: Tag tables, indexes and backups, and list their tags. */
export default { tagResource, untagResource, listTagsOfResource };
