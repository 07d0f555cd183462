import { TransactGetItemsCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect, sendCommand } from "../../aws/invocation";
import {
  cleanGets,
  getEntries,
  sendTransaction,
  transactGetRequest,
} from "../../engines/transactions";
import {
  awsRegion,
  connectionInput,
  DOCS,
  GETS_EXAMPLE,
  GETS_LABEL,
  jsonListInput,
  MAX_TRANSACT_ITEMS,
  maxAttempts,
  returnDynamoJson,
} from "../../inputs";
import {
  transactGetItemsExample,
  transactGetItemsOutputSchema,
  transactionItems,
} from "../../outputs/transactions";

const gets = jsonListInput(
  GETS_LABEL,
  GETS_EXAMPLE,
  `A JSON list of up to ${MAX_TRANSACT_ITEMS} items to read together, as one consistent snapshot, from one or more tables. Each entry has a tableName and a key as plain JSON ({"id": 1}; the partition key and, if the table has one, the sort key), and optionally a projectionExpression with its expressionAttributeNames. Each item may appear only once. Learn more about [TransactGetItems](${DOCS}/transaction-apis.html#transaction-apis-txgetitems).`,
);

export const transactGetItems = action({
  display: {
    label: "Transact Get Items",
    description: "Read up to 100 items, from one or more tables, as one consistent snapshot",
  },
  inputs: {
    awsRegion,
    gets,
    awsConnection: connectionInput,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const requests = cleanGets(params.gets);
    const step = connect(invocation, params);
    const request = transactGetRequest(requests);
    const { Responses } = await sendTransaction(
      step,
      "TransactGetItems",
      getEntries(requests),
      "Transaction cancelled; nothing was read.",
      () => sendCommand(step.clients, new TransactGetItemsCommand(request)),
    );
    return { data: transactionItems(Responses, requests.length, params.returnDynamoJson) };
  },
  outputSchema: transactGetItemsOutputSchema,
  examplePayload: transactGetItemsExample,
});
