import type { Tag } from "@aws-sdk/client-dynamodb";
import { type Connection, input } from "@prismatic-io/spectral";
import type { AwsClients } from "../aws/client";
import { callAws } from "../aws/errors";
import { InputError } from "../errors/inputError";
import { cleanTagResource, RESOURCE_LABEL, type TagResource } from "../inputs/tags";

export {
  cleanTagKeys,
  cleanTagList,
  cleanTagResource,
  MAX_TAGS,
  type TagResource,
} from "../inputs/tags";

import { describeTableKeys, forgetTableKeys } from "./keySchema";

export const tagResourceInput = input({
  label: RESOURCE_LABEL,
  type: "string",
  required: true,
  dataSource: "selectTable",
  example: "Customers",
  comments:
    "The table to tag, by name (its ARN is looked up in this region), or the ARN of any DynamoDB resource that takes tags, such as arn:aws:dynamodb:us-east-1:123456789012:table/Customers.",
  clean: cleanTagResource,
});

/**
 * The ARN of the resource: given, or the table's, from the cached DescribeTable (keys.ts), read
 * again once if the cached description had none. A given ARN must be in the step's region, where
 * the request goes. Throws an action error when DescribeTable fails (wrong table or region).
 */
export async function resolveResourceArn(
  clients: AwsClients,
  resource: TagResource,
  connection: Connection,
): Promise<string> {
  if ("arn" in resource) {
    if (resource.region !== clients.region) {
      throw new InputError(
        RESOURCE_LABEL,
        "conflict",
        `${RESOURCE_LABEL} is in region ${resource.region}, but AWS Region is ${clients.region}. Choose ${resource.region} as the AWS Region, or give a resource of ${clients.region}.`,
      );
    }
    return resource.arn;
  }
  const table = resource.tableName;
  const context = { operation: "DescribeTable", table, region: clients.region, connection };
  let keys = await callAws(context, () => describeTableKeys(clients, table));
  if (!keys.arn) {
    forgetTableKeys(clients, table);
    keys = await callAws(context, () => describeTableKeys(clients, table));
  }
  if (!keys.arn) {
    throw new Error(
      `DescribeTable gave no TableArn for table "${table}" in region ${clients.region}; give the table's ARN in ${RESOURCE_LABEL} instead.`,
    );
  }
  return keys.arn;
}

/** Tags as a map from key to value (own properties only, so a key such as __proto__ is kept). */
export function tagMap(tags: Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
}

/**
 * Output schema fields of List Tags Of Resource and Tag Resource: the resource's ARN, its tags as
 * DynamoDB lists them (Key and Value) and the same tags as a map.
 */
export function taggedResourceFields(arnDescription: string, tagsDescription: string) {
  return {
    resourceArn: { type: "string", description: arnDescription },
    tags: {
      type: "array",
      items: {
        type: "object",
        properties: { Key: { type: "string" }, Value: { type: "string" } },
      },
      description: tagsDescription,
    },
    tagMap: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "The same tags as an object from key to value.",
    },
  };
}
