/**
 * Generate IAM Policy's output: the policy document (an object, and the same as JSON text ready
 * to paste), with what it was made for; its schema and example.
 */
import {
  buildIamPolicy,
  type IamPolicy,
  type PolicyRequest,
  policyWarnings,
} from "../engines/iamPolicy";
import { actionOutputSchema } from "./index";

/** Generate IAM Policy's data: `policy`, `policyJson` and the inputs it was built from. */
export function generateIamPolicyData(policy: IamPolicy, request: PolicyRequest) {
  return {
    policy,
    policyJson: JSON.stringify(policy, null, 2),
    actions: request.keys,
    tables: request.tables,
    readOnly: request.readOnly,
    partitionKeyPrefix: request.keyPrefix ?? null,
    warnings: policyWarnings(policy, request),
  };
}

const stringList = (description: string) => ({
  type: "array",
  items: { type: "string" },
  description,
});

export const generateIamPolicyOutputSchema = actionOutputSchema(
  {
    policy: {
      type: "object",
      description:
        "The IAM policy document: Version 2012-10-17 and one Allow statement per kind of resource (tables, indexes, streams, backups, the account).",
      properties: {
        Version: { type: "string", description: "Always 2012-10-17." },
        Statement: {
          type: "array",
          description:
            "Allow statements: Sid, Effect, Action, Resource, and Condition where a Partition Key Prefix applies.",
          items: { type: "object", additionalProperties: true },
        },
      },
      required: ["Version", "Statement"],
    },
    policyJson: {
      type: "string",
      description: "The same policy as JSON text, ready to paste into the IAM console.",
    },
    actions: stringList("The keys of the actions, data sources and triggers the policy is for."),
    tables: stringList('The table names the policy grants access to ("*": every table).'),
    readOnly: { type: "boolean", description: "True when only permissions that read were kept." },
    partitionKeyPrefix: {
      type: ["string", "null"],
      description: "The prefix item requests' partition keys must start with, or null.",
    },
    warnings: stringList(
      "What to know before pasting the policy, such as that it is longer than a customer managed policy holds (6,144 characters); empty when nothing.",
    ),
  },
  ["policy", "policyJson", "actions", "tables", "readOnly", "partitionKeyPrefix", "warnings"],
);

const exampleRequest: PolicyRequest = {
  keys: ["getItem", "queryItems"],
  tables: ["Customers"],
  region: "us-east-1",
  account: "123456789012",
  readOnly: false,
};

/** What Generate IAM Policy returns for Get Item and Query Items on Customers. */
export const generateIamPolicyExample = {
  data: generateIamPolicyData(buildIamPolicy(exampleRequest), exampleRequest),
};
