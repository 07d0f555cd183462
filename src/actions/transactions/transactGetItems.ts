import { type TransactGetItem, TransactGetItemsCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { givenKeyIdentity } from "../../engines/keyValues";
import { sendTransaction } from "../../engines/transactions";
import {
  awsRegion,
  checkPlaceholders,
  cleanAttributeNames,
  connectionInput,
  DOCS,
  fail,
  isPlainObject,
  jsonListInput,
  maxAttempts,
  returnDynamoJson,
} from "../../inputs";
import {
  cleanKey,
  cleanTable,
  entryFields,
  MAX_TRANSACT_ITEMS,
  optionalExpression,
  parseJsonList,
} from "../../inputs/entries";
import { actionOutput } from "../../outputs";
import { formatItemOrNull } from "../../values";

export const GETS_LABEL = "Items to Get";

const GETS_EXAMPLE = `[
  {"tableName": "Orders", "key": {"id": 1}},
  {"tableName": "Stock", "key": {"sku": "A1"}, "projectionExpression": "sku, #q", "expressionAttributeNames": {"#q": "qty"}}
]`;

const FIELDS = ["tableName", "key", "projectionExpression", "expressionAttributeNames"];

interface GetRequest {
  table: string;
  request: TransactGetItem;
}

function cleanGet(raw: unknown, index: number): GetRequest {
  const where = `${GETS_LABEL}[${index}]`;
  if (!isPlainObject(raw)) {
    fail(
      where,
      "wrongKind",
      `${where} must be an object such as {"tableName": "Orders", "key": {"id": 1}}.`,
    );
  }
  // The AWS shape {"Get": {...}} is accepted as well as the bare entry.
  const fields = Object.keys(raw);
  const body = fields.length === 1 && /^get$/i.test(fields[0]) ? raw[fields[0]] : raw;
  if (!isPlainObject(body)) {
    fail(
      where,
      "wrongKind",
      `${where}.get must be an object such as {"tableName": "Orders", "key": {"id": 1}}.`,
    );
  }
  const spec = entryFields(body, where, { allowed: FIELDS, required: ["tableName", "key"] });
  const table = cleanTable(spec.tableName, `${where}.tableName`);
  const key = cleanKey(spec.key, `${where}.key`);
  const projection = optionalExpression(spec.projectionExpression, `${where}.projectionExpression`);
  const names = cleanAttributeNames(
    spec.expressionAttributeNames,
    where,
    `${where}.expressionAttributeNames`,
  );
  checkPlaceholders({
    expressions: { projectionExpression: projection },
    names,
    namesLabel: "expressionAttributeNames",
    within: where,
    noValues: true,
  });
  return {
    table,
    request: {
      Get: {
        TableName: table,
        Key: key,
        ...(projection ? { ProjectionExpression: projection } : {}),
        ...(names ? { ExpressionAttributeNames: names } : {}),
      },
    },
  };
}

export function cleanGets(raw: unknown): GetRequest[] {
  const entries = parseJsonList(raw, GETS_LABEL, GETS_EXAMPLE);
  const gets = entries.map(cleanGet);
  // DynamoDB refuses a transaction that reads one item twice, without saying which entries.
  const seen = new Map<string, number>();
  gets.forEach(({ table, request }, index) => {
    // By type and value (givenKeyIdentity): {"id": 1} and {"id": 1.0} are one item.
    const id = JSON.stringify([table, givenKeyIdentity(request.Get?.Key ?? {})]);
    const first = seen.get(id);
    if (first !== undefined) {
      fail(
        GETS_LABEL,
        "invalidValue",
        `${GETS_LABEL}[${first}] and ${GETS_LABEL}[${index}] read the same item (table ${table}); a transaction may include each item only once.`,
      );
    }
    seen.set(id, index);
  });
  return gets;
}

export const gets = jsonListInput(
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
    const { clients } = connect(invocation, params);
    const entries = requests.map(({ table, request }, index) => ({
      name: `${GETS_LABEL}[${index}] (get on ${table})`,
      table,
      key: request.Get?.Key,
    }));
    const { Responses: responses } = await sendTransaction(
      clients,
      "TransactGetItems",
      entries,
      params.awsConnection,
      "Transaction cancelled; nothing was read.",
      () =>
        clients.dynamodb.send(
          new TransactGetItemsCommand({
            TransactItems: requests.map((request) => request.request),
          }),
        ),
    );
    // Responses come in request order; an entry without Item means there is no such item.
    const items = requests.map((_request, index) => {
      const item = responses?.[index]?.Item;
      return formatItemOrNull(item, params.returnDynamoJson);
    });
    return { data: { items, count: items.filter((item) => item !== null).length } };
  },
  outputSchema: actionOutput(
    {
      items: {
        type: "array",
        items: { type: ["object", "null"], additionalProperties: true },
        description:
          "One entry per requested item, in the order of Items to Get: the item as plain JSON, or null when there is no such item.",
      },
      count: {
        type: "integer",
        description: "How many of the requested items exist (entries that are not null).",
      },
    },
    ["items", "count"],
  ),
  examplePayload: {
    data: {
      items: [{ id: 1, status: "new", total: 42.5 }, null],
      count: 1,
    },
  },
});

export default transactGetItems;
