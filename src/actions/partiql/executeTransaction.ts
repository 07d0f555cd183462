import { ExecuteTransactionCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { firstKeyword } from "../../engines/partiql";
import {
  cleanStatements,
  STATEMENTS_LABEL,
  statementRequest,
  TRANSACTION_STATEMENTS,
} from "../../engines/statements";
import { sendTransaction } from "../../engines/transactions";
import {
  awsRegion,
  connectionInput,
  DOCS,
  jsonListInput,
  maxAttempts,
  returnDynamoJson,
} from "../../inputs";
import { MAX_TRANSACT_ITEMS } from "../../inputs/entries";
import { actionOutput } from "../../outputs";
import { formatItemOrNull } from "../../values";
import { clientRequestToken } from "../transactions/transactWriteItems";

export const TRANSACTION_STATEMENTS_EXAMPLE = `[
  {"statement": "UPDATE \\"Stock\\" SET qty = qty - ? WHERE sku = ? AND qty >= ?", "parameters": [1, "A1", 1]},
  {"statement": "INSERT INTO \\"Orders\\" VALUE {'id': ?, 'sku': ?}", "parameters": [1001, "A1"]}
]`;

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
    const { clients } = connect(invocation, params);
    // Cancellation reasons come in statement order; each names its statement by index.
    const entries = cleaned.map((entry) => ({
      name: `${STATEMENTS_LABEL}[${entry.index}] (${firstKeyword(entry.statement).toUpperCase() || "statement"})`,
      table: "",
    }));
    const { Responses = [] } = await sendTransaction(
      clients,
      "ExecuteTransaction",
      entries,
      params.awsConnection,
      "Transaction cancelled; no statement was applied.",
      () =>
        clients.dynamodb.send(
          new ExecuteTransactionCommand({
            TransactStatements: cleaned.map(statementRequest),
            ...(params.clientRequestToken ? { ClientRequestToken: params.clientRequestToken } : {}),
          }),
        ),
    );
    const items = cleaned.map((entry) => {
      const item = Responses[entry.index]?.Item;
      return formatItemOrNull(item, params.returnDynamoJson);
    });
    return {
      data: {
        succeeded: true,
        statementCount: cleaned.length,
        items,
        count: items.filter((item) => item !== null).length,
      },
    };
  },
  outputSchema: actionOutput(
    {
      succeeded: {
        type: "boolean",
        description:
          "Always true: a cancelled transaction fails the step instead, having applied nothing.",
      },
      statementCount: {
        type: "integer",
        description: "How many statements were applied together.",
      },
      items: {
        type: "array",
        items: { type: ["object", "null"], additionalProperties: true },
        description:
          "One entry per statement, in order: the item a SELECT read, as plain JSON; null for writes and for a SELECT that found nothing.",
      },
      count: { type: "integer", description: "How many entries of items are items (not null)." },
    },
    ["succeeded", "statementCount", "items", "count"],
  ),
  examplePayload: {
    data: { succeeded: true, statementCount: 2, items: [null, null], count: 0 },
  },
});

export default executeTransaction;
