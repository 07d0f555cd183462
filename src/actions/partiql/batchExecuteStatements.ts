import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  BATCH_STATEMENTS,
  cleanStatements,
  MAX_BATCH_STATEMENTS,
  runBatchStatements,
} from "../../engines/statements";
import {
  awsRegion,
  BATCH_STATEMENTS_EXAMPLE,
  connectionInput,
  DOCS,
  jsonListInput,
  maxAttempts,
  maxRetriesInput,
  returnDynamoJson,
  STATEMENTS_LABEL,
  withComments,
} from "../../inputs";
import {
  batchExecuteStatementsData,
  batchExecuteStatementsExample,
  batchExecuteStatementsOutputSchema,
} from "../../outputs/partiql";

const statements = jsonListInput(
  STATEMENTS_LABEL,
  BATCH_STATEMENTS_EXAMPLE,
  `A JSON list of up to ${MAX_BATCH_STATEMENTS} PartiQL statements, run in one request; each succeeds or fails on its own. An entry is a statement string, or an object with statement, parameters (a JSON array with one plain value per ?, numbers keep every digit), consistentRead (true/false, for SELECT) and returnValuesOnConditionCheckFailure (ALL_OLD or NONE). All entries must be reads (SELECT with the whole key, one item each) or all writes (INSERT, UPDATE, DELETE). Learn more about [PartiQL batches](${DOCS}/ql-reference.multiplestatements.batching.html).`,
);

const statementRetries = withComments(
  maxRetriesInput,
  "How many times a statement that DynamoDB did not run because of throttling, a conflicting transaction or a server error is sent again, with exponential backoff and jitter, before it is reported as failed. 0 to 20. Other errors are reported at once.",
);

export const batchExecuteStatements = action({
  display: {
    label: "Batch Execute Statements",
    description:
      "Run up to 25 PartiQL statements in one request; each succeeds or fails on its own, and its result or error is named by its index",
  },
  inputs: {
    awsRegion,
    statements,
    awsConnection: connectionInput,
    returnDynamoJson,
    maxRetries: statementRetries,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const cleaned = cleanStatements(params.statements, BATCH_STATEMENTS);
    const step = connect(invocation, params);
    const outcomes = await runBatchStatements(step, cleaned, params.maxRetries);
    return { data: batchExecuteStatementsData(cleaned, outcomes, params.returnDynamoJson) };
  },
  outputSchema: batchExecuteStatementsOutputSchema,
  examplePayload: batchExecuteStatementsExample,
});
