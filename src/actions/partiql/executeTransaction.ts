import { ExecuteTransactionCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect, sendCommand } from "../../aws/invocation";
import {
  cleanStatements,
  executeTransactionRequest,
  statementEntries,
  TRANSACTION_STATEMENTS,
} from "../../engines/statements";
import { sendTransaction } from "../../engines/transactions";
import {
  awsRegion,
  clientRequestToken,
  connectionInput,
  DOCS,
  jsonListInput,
  MAX_TRANSACT_ITEMS,
  maxAttempts,
  returnDynamoJson,
  STATEMENTS_LABEL,
  TRANSACTION_STATEMENTS_EXAMPLE,
} from "../../inputs";
import {
  executeTransactionData,
  executeTransactionExample,
  executeTransactionOutputSchema,
} from "../../outputs/partiql";

const statements = jsonListInput(
  STATEMENTS_LABEL,
  TRANSACTION_STATEMENTS_EXAMPLE,
  `A JSON list of up to ${MAX_TRANSACT_ITEMS} PartiQL statements that succeed or fail together. An entry is a statement string, or an object with statement, parameters (a JSON array with one plain value per ?, numbers keep every digit) and returnValuesOnConditionCheckFailure (ALL_OLD or NONE). All entries must be writes (INSERT, UPDATE, DELETE, with EXISTS checks) or all reads (SELECT). A write whose WHERE condition is false cancels the whole transaction. Learn more about [PartiQL transactions](${DOCS}/ql-reference.multiplestatements.transactions.html).`,
);

export const executeTransaction = action({
  display: {
    label: "Execute Transaction",
    description: "Run up to 100 PartiQL statements all or nothing",
  },
  inputs: {
    awsRegion,
    statements,
    awsConnection: connectionInput,
    clientRequestToken,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const cleaned = cleanStatements(params.statements, TRANSACTION_STATEMENTS);
    const step = connect(invocation, params);
    const request = executeTransactionRequest(cleaned, params.clientRequestToken);
    const { Responses } = await sendTransaction(
      step,
      "ExecuteTransaction",
      statementEntries(cleaned),
      "Transaction cancelled; no statement was applied.",
      () => sendCommand(step.clients, new ExecuteTransactionCommand(request)),
    );
    return { data: executeTransactionData(Responses, cleaned.length, params.returnDynamoJson) };
  },
  outputSchema: executeTransactionOutputSchema,
  examplePayload: executeTransactionExample,
});
