import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  describeTableNow,
  exampleIndexChange,
  findIndex,
  indexNameInput,
  indexNames,
  indexOutput,
  updateIndex,
} from "../../engines/indexes";
import { InputError } from "../../errors/inputError";
import { tableStepInputs, waitInput } from "../../inputs";

/** The example index, as DynamoDB lists it while deleting it. */
const DELETING_INDEX = {
  IndexName: "byEmail",
  KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
  Projection: { ProjectionType: "ALL" },
  IndexStatus: "DELETING",
  ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  IndexSizeBytes: 0,
  ItemCount: 0,
  IndexArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/index/byEmail",
};

export const deleteGlobalSecondaryIndex = action({
  display: {
    label: "Delete Global Secondary Index",
    description: "Remove a global secondary index from a DynamoDB table",
  },
  inputs: {
    ...tableStepInputs,
    indexName: indexNameInput(
      "The global secondary index to delete. Local secondary indexes cannot be deleted (only with their table).",
      "selectIndex",
    ),
    waitUntilDeleted: waitInput(
      "Wait Until Deleted",
      "When true, the step finishes only once the index is gone (up to 5 minutes), so a following step can create an index of the same name. When false, it returns at once, with the index DELETING.",
    ),
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    const { clients } = step;
    const context = step.context("UpdateTable");
    const table = await describeTableNow(clients, params.tableName, context);
    if (!findIndex(table, params.indexName)) {
      const local = table.LocalSecondaryIndexes?.some((i) => i.IndexName === params.indexName);
      throw new InputError(
        "Index Name",
        "invalidValue",
        local
          ? `Index Name "${params.indexName}" is a local secondary index of table "${params.tableName}"; DynamoDB deletes those only with the table.`
          : `Index Name "${params.indexName}" is not a global secondary index of table "${params.tableName}" (its global secondary indexes: ${indexNames(table)}).`,
      );
    }
    const command = {
      TableName: params.tableName,
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: params.indexName } }],
    };
    const wait = params.waitUntilDeleted ? "deleted" : undefined;
    return { data: await updateIndex(clients, command, params.indexName, context, wait) };
  },
  outputSchema: indexOutput(
    "The index as DynamoDB lists it while deleting it (IndexStatus DELETING), or null once it is gone (with Wait Until Deleted).",
  ),
  examplePayload: exampleIndexChange(DELETING_INDEX),
});

export default deleteGlobalSecondaryIndex;
