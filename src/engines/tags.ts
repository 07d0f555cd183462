import {
  ListTagsOfResourceCommand,
  type ListTagsOfResourceCommandInput,
  type Tag,
  type TagResourceCommandInput,
  type UntagResourceCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import type { AwsClients } from "../aws/client";
import { callAws } from "../aws/errors";
import { InputError } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import { RESOURCE_LABEL, type TagResource } from "../inputs/tags";
import { answerObjects } from "../values";
import { describeTableKeys, forgetTableKeys } from "./keySchema";

/*
 * The DynamoDB work of the tag actions: the ARN of the resource they address (looked up for a
 * table given by name), their requests, and paging through a resource's tags.
 */

/** A resource has at most 50 tags; Fetch All never needs more pages than that. */
const MAX_TAG_PAGES = 50;

/**
 * The ARN of the resource: given, or the table's, from the cached DescribeTable (keySchema.ts),
 * read again once if the cached description had none. A given ARN must be in the step's region,
 * where the request goes. Throws an action error when DescribeTable fails (wrong table or region).
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
    throw new StepError(
      "incompleteAnswer",
      `DescribeTable gave no TableArn for table "${table}" in region ${clients.region}; give the table's ARN in ${RESOURCE_LABEL} instead.`,
    );
  }
  return keys.arn;
}

/** The TagResource request: `tags` put on the resource `arn`. */
export function tagResourceRequest(arn: string, tags: Tag[]): TagResourceCommandInput {
  return { ResourceArn: arn, Tags: tags };
}

/** The UntagResource request: the tags of `tagKeys` removed from the resource `arn`. */
export function untagResourceRequest(arn: string, tagKeys: string[]): UntagResourceCommandInput {
  return { ResourceArn: arn, TagKeys: tagKeys };
}

/** One page of ListTagsOfResource, from the cursor `nextToken` (the first page when blank). */
export function listTagsOfResourceRequest(
  arn: string,
  nextToken: string | undefined,
): ListTagsOfResourceCommandInput {
  return { ResourceArn: arn, ...(nextToken ? { NextToken: nextToken } : {}) };
}

/** The tags read, and the cursor that continues after them (undefined when all were read). */
export interface ListedTags {
  tags: Tag[];
  nextToken: string | undefined;
}

/**
 * The tags of the resource `arn` from `nextToken` on: one page or (`fetchAll`) every page, for at
 * most MAX_TAG_PAGES pages. ListTagsOfResource has no SDK paginator, so this follows NextToken,
 * stopping on a repeated one (then there is nothing more to give, so no cursor is returned).
 * Throws what the SDK throws: the caller sends it through step.call.
 */
export async function listTagPages(
  clients: AwsClients,
  arn: string,
  options: { fetchAll: boolean; nextToken?: string },
): Promise<ListedTags> {
  const tags: Tag[] = [];
  let token = options.nextToken;
  const seen = new Set<string>();
  for (let page = 1; ; page += 1) {
    const answer = await clients.dynamodb.send(
      new ListTagsOfResourceCommand(listTagsOfResourceRequest(arn, token)),
    );
    tags.push(...answerObjects<Tag>(answer.Tags, "ListTagsOfResource's Tags"));
    token = answer.NextToken;
    if (token && seen.has(token)) token = undefined;
    if (!options.fetchAll || !token || page === MAX_TAG_PAGES) break;
    seen.add(token);
  }
  return { tags, nextToken: token };
}
