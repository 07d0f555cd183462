import { type TransactGetItem, TransactGetItemsCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { getClients, invocationOptions } from "../client";
import { awsRegion, connectionInput, DOCS, maxAttempts, returnDynamoJson } from "../inputs";
import { actionOutput } from "../outputs";
import {
  checkPlaceholders,
  cleanKey,
  cleanNames,
  cleanTable,
  MAX_TRANSACT_ITEMS,
  parseJsonList,
  requiredText,
  sendTransaction,
} from "../transactions";
import { formatItem, isPlainObject } from "../values";

export const GETS_LABEL = "Items to Get";

const GETS_EXAMPLE = `[
  {"tableName": "Orders", "key": {"id": 1}},
  {"tableName": "Stock", "key": {"sku": "A1"}, "projectionExpression": "sku, #q", "expressionAttributeNames": {"#q": "qty"}}
]`;

const FIELDS = ["tableName", "key", "projectionExpression", "expressionAttributeNames"];

type JsonObject = Record<string, unknown>;

interface GetRequest {
  table: string;
  request: TransactGetItem;
}

function cleanGet(raw: unknown, index: number): GetRequest {
  const where = `${GETS_LABEL}[${index}]`;
  if (!isPlainObject(raw)) {
    throw new Error(
      `${where} must be an object such as {"tableName": "Orders", "key": {"id": 1}}.`,
    );
  }
  // The AWS shape {"Get": {...}} is accepted as well as the bare entry.
  const entries = Object.entries(raw);
  const body = entries.length === 1 && /^get$/i.test(entries[0][0]) ? entries[0][1] : raw;
  if (!isPlainObject(body)) {
    throw new Error(
      `${where}.get must be an object such as {"tableName": "Orders", "key": {"id": 1}}.`,
    );
  }
  const spec: JsonObject = {};
  for (const [field, value] of Object.entries(body)) {
    const name = field.charAt(0).toLowerCase() + field.slice(1);
    if (!FIELDS.includes(name)) {
      throw new Error(`${where}: unknown field "${field}"; each entry takes ${FIELDS.join(", ")}.`);
    }
    if (name in spec) throw new Error(`${where}: "${field}" is given twice (in two spellings).`);
    spec[name] = value;
  }
  for (const field of ["tableName", "key"]) {
    if (spec[field] === undefined || spec[field] === null || spec[field] === "") {
      throw new Error(`${where}: ${field} is required.`);
    }
  }
  const table = cleanTable(spec.tableName, `${where}.tableName`);
  const key = cleanKey(spec.key, `${where}.key`);
  const projection =
    spec.projectionExpression === undefined || spec.projectionExpression === null
      ? undefined
      : requiredText(spec.projectionExpression, `${where}.projectionExpression`);
  const names = cleanNames(spec.expressionAttributeNames, `${where}.expressionAttributeNames`);
  checkPlaceholders(where, { projectionExpression: projection }, names, undefined);
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
  const entries = parseJsonList(raw, GETS_LABEL, GETS_EXAMPLE.replace(/\n\s*/g, " "));
  const gets = entries.map(cleanGet);
  // DynamoDB refuses a transaction that reads one item twice, without saying which entries.
  const seen = new Map<string, number>();
  gets.forEach(({ table, request }, index) => {
    const id = JSON.stringify([table, Object.entries(request.Get?.Key ?? {}).sort()]);
    const first = seen.get(id);
    if (first !== undefined) {
      throw new Error(
        `${GETS_LABEL}[${first}] and ${GETS_LABEL}[${index}] read the same item (table ${table}); a transaction may include each item only once.`,
      );
    }
    seen.set(id, index);
  });
  return gets;
}

export const gets = input({
  label: GETS_LABEL,
  type: "code",
  language: "json",
  required: true,
  example: GETS_EXAMPLE,
  comments: `A JSON list of up to ${MAX_TRANSACT_ITEMS} items to read together, as one consistent snapshot, from one or more tables. Each entry has a tableName and a key as plain JSON ({"id": 1}; the partition key and, if the table has one, the sort key), and optionally a projectionExpression with its expressionAttributeNames. Each item may appear only once. Learn more about [TransactGetItems](${DOCS}/transaction-apis.html#transaction-apis-txgetitems).`,
});

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
    const clients = getClients(
      params.awsConnection,
      params.awsRegion,
      invocationOptions(invocation, params.maxAttempts),
    );
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
      return item ? formatItem(item, params.returnDynamoJson) : null;
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
