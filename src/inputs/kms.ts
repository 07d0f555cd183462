/**
 * KMS key inputs (Add Replica's Replica KMS Key, the restores' KMS Key, Generate IAM Policy's KMS
 * Key ARNs): the forms DynamoDB and IAM take a customer managed key in, checked before use.
 */
import { fail, show } from "../errors/inputError";
import { cleanText, isBlank, primitiveText } from "./scalars";

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

/** Generate IAM Policy's KMS Key ARNs input. */
export const KMS_KEY_ARNS_LABEL = "KMS Key ARNs";
/** How a key ARN starts: a KMS_KEY that starts so is a key ARN (not a key ID or an alias). */
const KEY_ARN_START = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\//;
/** The most keys one policy names: each is one ARN of about 80 characters in a 6,144 budget. */
export const MAX_POLICY_KMS_KEYS = 20;

/**
 * KMS Key ARNs (optional): the key ARNs of the customer managed keys the flows' steps select
 * (each once, in the order given), from a list or one text split by commas or spaces. An IAM
 * policy names a KMS key by its key ARN only, so key IDs, aliases and alias ARNs are refused.
 * Throws an InputError naming the input.
 */
export function cleanKmsKeyArns(value: unknown): string[] {
  if (isBlank(value)) return [];
  const entries: unknown[] = Array.isArray(value) ? value : [value];
  if (entries.length > MAX_POLICY_KMS_KEYS) tooManyKeys(entries.length);
  const arns = entries.flatMap((entry) => {
    const text = primitiveText(entry);
    if (text === undefined) {
      return fail(
        KMS_KEY_ARNS_LABEL,
        "wrongKind",
        `${KMS_KEY_ARNS_LABEL} must list key ARNs as text, not ${show(entry)}.`,
      );
    }
    return text.split(/[\s,]+/).filter(Boolean);
  });
  if (arns.length > MAX_POLICY_KMS_KEYS) tooManyKeys(arns.length);
  for (const arn of arns) {
    if (arn.length > MAX_KMS_KEY_CHARS || !KEY_ARN_START.test(arn) || !KMS_KEY.test(arn)) {
      fail(
        KMS_KEY_ARNS_LABEL,
        "invalidValue",
        `${KMS_KEY_ARNS_LABEL} holds ${show(arn)}, not a KMS key ARN: a policy names a key by its ARN, such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (not its ID or an alias; the KMS console shows the ARN).`,
      );
    }
  }
  return [...new Set(arns)];
}

function tooManyKeys(count: number): never {
  return fail(
    KMS_KEY_ARNS_LABEL,
    "tooLarge",
    `${KMS_KEY_ARNS_LABEL} lists ${count} keys; one policy names at most ${MAX_POLICY_KMS_KEYS}. Give the keys the flows' steps use.`,
  );
}
