import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  deleteGlobalSecondaryIndexRequest,
  describeTableNow,
  updateIndex,
} from "../../engines/indexes";
import { indexNameInput, tableStepInputs, waitInput } from "../../inputs";
import {
  deleteGlobalSecondaryIndexExample,
  deleteGlobalSecondaryIndexOutputSchema,
  indexChangeData,
} from "../../outputs/indexes";

const indexName = indexNameInput(
  "The global secondary index to delete. Local secondary indexes cannot be deleted (only with their table).",
  "selectIndex",
);

const waitUntilDeleted = waitInput(
  "Wait Until Deleted",
  "When true, the step finishes only once the index is gone (up to 5 minutes), so a following step can create an index of the same name. When false, it returns at once, with the index DELETING.",
);

export const deleteGlobalSecondaryIndex = action({
  display: {
    label: "Delete Global Secondary Index",
    description: "Remove a global secondary index from a DynamoDB table",
  },
  inputs: {
    ...tableStepInputs,
    indexName,
    waitUntilDeleted,
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    const table = await describeTableNow(step);
    const request = deleteGlobalSecondaryIndexRequest(params, table);
    const wait = params.waitUntilDeleted ? "deleted" : undefined;
    const after = await updateIndex(step, request, params.indexName, wait);
    return { data: indexChangeData(after, params.indexName) };
  },
  outputSchema: deleteGlobalSecondaryIndexOutputSchema,
  examplePayload: deleteGlobalSecondaryIndexExample,
});
