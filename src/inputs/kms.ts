/**
 * KMS key inputs (Add Replica's Replica KMS Key, the restores' KMS Key): the forms DynamoDB takes a
 * customer managed key in, checked before anything is sent.
 */
import { fail, show } from "../errors/inputError";
import { cleanText } from "./scalars";

/**
 * The forms KMS takes a key in (API_UpdateReplicationGroupMemberAction, API_SSESpecification: "its
 * key ID, Amazon Resource Name (ARN), alias name, or alias ARN"): a key ID (a UUID, or
 * mrk-<32 hex> for a multi-Region key), arn:<partition>:kms:<region>:<account>:key/<key ID>,
 * alias/<name>, and arn:<partition>:kms:<region>:<account>:alias/<name>. An alias name is 1 to
 * 256 characters of a-z A-Z 0-9 / _ - after alias/ (KMS CreateAlias). Linear: each part is one
 * character class.
 */
const KMS_KEY =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32}|alias\/[a-zA-Z0-9/_-]{1,256}|arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(?:key\/(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})|alias\/[a-zA-Z0-9/_-]{1,256}))$/;
/** KMS's length limit of a KeyId in any of its forms. */
const MAX_KMS_KEY_CHARS = 2048;
/** The prefix KMS keeps for AWS managed keys' aliases. */
const AWS_MANAGED_ALIAS = /^(?:arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\//;

/** A customer managed KMS key as an input gives it: the text, and the region its ARN names. */
export interface KmsKey {
  id: string;
  region?: string;
}

/**
 * The clean function of an optional KMS key input labelled `label`: a key ID, key ARN, alias name
 * or alias ARN, or undefined when blank. An alias of an AWS managed key (alias/aws/...) is refused,
 * the message ending with `managedKey` (what to do instead). Throws an InputError naming `label`.
 */
export function kmsKeyCleaner(label: string, managedKey: string) {
  const text = cleanText(label, "alias/orders-eu");
  return (value: unknown): KmsKey | undefined => {
    const key = text(value);
    if (key === undefined) return undefined;
    const match = key.length <= MAX_KMS_KEY_CHARS ? KMS_KEY.exec(key) : null;
    if (!match) {
      fail(
        label,
        "invalidValue",
        `${label} ${show(key)} is not a KMS key: give its key ID (such as 1234abcd-12ab-34cd-56ef-1234567890ab), key ARN (arn:aws:kms:eu-west-1:123456789012:key/1234abcd-...), alias name (alias/orders-eu) or alias ARN.`,
      );
    }
    if (AWS_MANAGED_ALIAS.test(key)) {
      fail(
        label,
        "invalidValue",
        `${label} ${show(key)} is an alias of an AWS managed key; ${managedKey}`,
      );
    }
    return { id: key, ...(match[1] ? { region: match[1] } : {}) };
  };
}
