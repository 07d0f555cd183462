import { TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect, sendCommand } from "../../aws/invocation";
import { tableKeys } from "../../engines/keySchema";
import {
  cleanOperations,
  operationEntries,
  sendTransaction,
  transactWriteRequest,
  typedOperations,
} from "../../engines/transactions";
import {
  awsRegion,
  choiceInput,
  clientRequestToken,
  connectionInput,
  DOCS,
  jsonListInput,
  MAX_TRANSACT_ITEMS,
  maxAttempts,
  OPERATIONS_EXAMPLE,
  OPERATIONS_LABEL,
  RETURN_ON_FAILURE,
} from "../../inputs";
import {
  transactWriteItemsExample,
  transactWriteItemsOutputSchema,
} from "../../outputs/transactions";

const operations = jsonListInput(
  OPERATIONS_LABEL,
  OPERATIONS_EXAMPLE,
  `A JSON list of up to ${MAX_TRANSACT_ITEMS} operations that succeed or fail together. Each entry has one of put (tableName, item), update (tableName, key, updateExpression), delete (tableName, key) or conditionCheck (tableName, key, conditionExpression); each may add conditionExpression, expressionAttributeNames ({"#q": "qty"}), expressionAttributeValues ({":n": 1}) and returnValuesOnConditionCheckFailure (ALL_OLD or NONE). Items, keys and values are plain JSON ({"id": 1}, not {"id": {"N": "1"}}); numbers keep every digit. The AWS spelling (Put, TableName, Item, Key, ...) is accepted too. Each item may appear only once per transaction. Learn more about [transactions](${DOCS}/transaction-apis.html).`,
);

const returnValuesOnConditionCheckFailure = choiceInput({
  label: "Return Values On Condition Check Failure",
  choices: RETURN_ON_FAILURE,
  comments:
    "Optional. ALL_OLD: when the transaction is cancelled because a condition was false, the error message shows that item as it is now. Applies to every operation with a condition that does not set its own returnValuesOnConditionCheckFailure. Blank means NONE.",
});

export const transactWriteItems = action({
  display: {
    label: "Transact Write Items",
    description:
      "Put, update, delete and condition-check up to 100 items, in one or more tables, all or nothing",
  },
  inputs: {
    awsRegion,
    operations,
    awsConnection: connectionInput,
    clientRequestToken,
    returnValuesOnConditionCheckFailure,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const validated = cleanOperations(
      params.operations,
      params.returnValuesOnConditionCheckFailure,
    );
    const step = connect(invocation, params);
    const typed = await typedOperations(validated, (table) => tableKeys(step, table));
    const request = transactWriteRequest(typed, params.clientRequestToken);
    await sendTransaction(
      step,
      "TransactWriteItems",
      operationEntries(typed),
      "Transaction cancelled; nothing was written.",
      () => sendCommand(step.clients, new TransactWriteItemsCommand(request)),
    );
    return { data: { succeeded: true, operationCount: typed.length } };
  },
  outputSchema: transactWriteItemsOutputSchema,
  examplePayload: transactWriteItemsExample,
});
