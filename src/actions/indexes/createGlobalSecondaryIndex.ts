import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  createGlobalSecondaryIndexRequest,
  describeTableNow,
  indexKeys,
  updateIndex,
} from "../../engines/indexes";
import {
  choiceInput,
  cleanAttributeName,
  cleanInteger,
  cleanNonKeyAttributes,
  DOCS,
  indexNameInput,
  keyTypeInput,
  NON_KEY_LABEL,
  PARTITION_LABEL,
  PROJECTION_LABEL,
  PROJECTION_TYPES,
  READ_LABEL,
  SORT_LABEL,
  tableStepInputs,
  WRITE_LABEL,
  waitInput,
} from "../../inputs";
import {
  createGlobalSecondaryIndexExample,
  createGlobalSecondaryIndexOutputSchema,
  indexChangeData,
} from "../../outputs/indexes";

const indexName = indexNameInput(
  "The new index's name: 3 to 255 characters from a-z, A-Z, 0-9, underscore (_), hyphen (-) and dot (.), unique among the table's indexes.",
);

const partitionKeyName = input({
  label: PARTITION_LABEL,
  type: "string",
  required: true,
  example: "email",
  comments: "The attribute the index is partitioned by (its hash key).",
  clean: cleanAttributeName(PARTITION_LABEL, true),
});

const partitionKeyType = keyTypeInput("Partition Key Type");

const sortKeyName = input({
  label: SORT_LABEL,
  type: "string",
  required: false,
  example: "createdAt",
  comments: "Optional. The attribute the index sorts by within a partition (its range key).",
  clean: cleanAttributeName(SORT_LABEL, false),
});

const sortKeyType = keyTypeInput("Sort Key Type");

const projectionType = choiceInput({
  label: PROJECTION_LABEL,
  choices: PROJECTION_TYPES,
  default: "ALL",
  comments: `Which attributes the index copies: ALL, KEYS_ONLY (the table's and the index's keys), or INCLUDE (the keys and the Non-Key Attributes). Learn more about [projections](${DOCS}/GSI.html#GSI.Projections).`,
});

const nonKeyAttributes = input({
  label: NON_KEY_LABEL,
  type: "string",
  collection: "valuelist",
  required: false,
  comments: "With Projection Type INCLUDE: the other attributes the index copies, such as name.",
  clean: cleanNonKeyAttributes,
});

const readCapacityUnits = input({
  label: READ_LABEL,
  type: "string",
  required: false,
  example: "5",
  comments:
    "Optional, for a PROVISIONED table: the index's read capacity units (give Write Capacity Units too). Leave blank to give it the table's. Must be blank for an on-demand table.",
  clean: cleanInteger(READ_LABEL, 1),
});

const writeCapacityUnits = input({
  label: WRITE_LABEL,
  type: "string",
  required: false,
  example: "5",
  comments:
    "Optional, for a PROVISIONED table: the index's write capacity units (give Read Capacity Units too). Leave blank to give it the table's.",
  clean: cleanInteger(WRITE_LABEL, 1),
});

const waitUntilActive = waitInput(
  "Wait Until Active",
  "When true, the step finishes only once the index is ACTIVE and backfilled (up to 5 minutes), so a following step can query it. When false, it returns at once, with the index CREATING.",
);

export const createGlobalSecondaryIndex = action({
  display: {
    label: "Create Global Secondary Index",
    description: "Add a global secondary index to an existing DynamoDB table",
  },
  inputs: {
    ...tableStepInputs,
    indexName,
    partitionKeyName,
    partitionKeyType,
    sortKeyName,
    sortKeyType,
    projectionType,
    nonKeyAttributes,
    readCapacityUnits,
    writeCapacityUnits,
    waitUntilActive,
  },
  perform: async (invocation, params) => {
    const keys = indexKeys(params);
    const step = connect(invocation, params);
    const table = await describeTableNow(step);
    const request = createGlobalSecondaryIndexRequest(params, keys, table);
    const wait = params.waitUntilActive ? "active" : undefined;
    const after = await updateIndex(step, request, params.indexName, wait);
    return { data: indexChangeData(after, params.indexName) };
  },
  outputSchema: createGlobalSecondaryIndexOutputSchema,
  examplePayload: createGlobalSecondaryIndexExample,
});
