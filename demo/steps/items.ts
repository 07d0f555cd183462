import { type DemoSection, shortJson } from "../demo";

interface ItemData {
  data: { item: Record<string, unknown> | null; found?: boolean; previousItem?: unknown };
}

/** Expects a step to fail and shows the start of the message, which is the point of the step. */
async function expectFailure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("The step should have failed but succeeded.");
}

const THIRTY_EIGHT_DIGITS = "12345678901234567890123456789012345678";

/** One attribute of each of the ten types, as Value + Value Types rows. */
const ALL_TYPES: [string, string, string][] = [
  ["aString", "S", "Grace Hopper"],
  ["aNumber", "N", THIRTY_EIGHT_DIGITS],
  ["aBinary", "B", Buffer.from("binary\u0000data").toString("base64")],
  ["aBoolean", "BOOL", "true"],
  ["aNull", "NULL", "true"],
  ["aList", "L", '["x", 1, 123456789012345678901234567890, {"deep": true}]'],
  ["aMap", "M", '{"city": "Arlington", "zip": "22201", "geo": [38.88, -77.1]}'],
  ["aStringSet", "SS", '["red", "green", "blue"]'],
  ["aNumberSet", "NS", "[1, 2.5, 99999999999999999999]"],
  [
    "aBinarySet",
    "BS",
    `["${Buffer.from([1, 2, 3]).toString("base64")}", "${Buffer.from([255]).toString("base64")}"]`,
  ],
];

/**
 * The item lifecycle on a table with a sort key: upsert, get, update (expression and Update JSON),
 * a failed condition, delete, and a get that finds nothing; then a round trip of every type.
 */
const section: DemoSection = async (demo) => {
  const tableName = demo.tableName("demo-items");
  const key = { tableName, value: "customer-42", rangeKeyValue: "2024-05-01" };
  const view = (r: ItemData) => shortJson(r.data);

  await demo.step(
    "Create a table with a sort key (customerId S, orderDate S) for the items",
    () =>
      demo.action("createTable", {
        tableName,
        attributeDefinition: JSON.stringify([
          { AttributeName: "customerId", AttributeType: "S" },
          { AttributeName: "orderDate", AttributeType: "S" },
        ]),
        keySchema: JSON.stringify([
          { KeyType: "HASH", AttributeName: "customerId" },
          { KeyType: "RANGE", AttributeName: "orderDate" },
        ]),
        billingMode: "PAY_PER_REQUEST",
        waitUntilActive: "true",
      }),
    () => tableName,
  );

  try {
    await demo.step(
      "Upsert Item with Value + Value Types (a 30-digit total, a reserved word: status)",
      async () =>
        (await demo.action("createItem", {
          tableName,
          item: [
            { key: "customerId", value: "customer-42" },
            { key: "orderDate", value: "2024-05-01" },
            { key: "status", value: "open" },
            { key: "total", value: "123456789012345678901234567890" },
            { key: "notes", value: "leave at the door" },
          ],
          itemTypes: [
            { key: "customerId", value: "S" },
            { key: "orderDate", value: "S" },
            { key: "status", value: "S" },
            { key: "total", value: "N" },
            { key: "notes", value: "S" },
          ],
        })) as ItemData,
      view,
    );

    await demo.step(
      "Get Item (Consistent Read)",
      async () => (await demo.action("getItem", { ...key, consistentRead: "true" })) as ItemData,
      view,
    );

    await demo.step(
      "Get Item with a Projection Expression; #s and #t stand for the reserved words status, total",
      async () =>
        (await demo.action("getItem", {
          ...key,
          projectionExpression: "#s, #t",
          expressionAttributeNames: [
            { key: "#s", value: "status" },
            { key: "#t", value: "total" },
          ],
        })) as ItemData,
      view,
    );

    await demo.step(
      "Get Item without the sort key: an input error before the GetItem call",
      () => expectFailure(() => demo.action("getItem", { tableName, value: "customer-42" })),
      (message) => message,
    );

    await demo.step(
      "Update Item with an Update Expression (ALL_NEW by default)",
      async () =>
        (await demo.action("updateItem", {
          ...key,
          query: "SET #s = :s, visits = if_not_exists(visits, :zero) + :one",
          queryParams: [
            { key: ":s", value: "shipped" },
            { key: ":zero", value: "0" },
            { key: ":one", value: "1" },
          ],
          queryParamTypes: [
            { key: ":s", value: "S" },
            { key: ":zero", value: "N" },
            { key: ":one", value: "N" },
          ],
          expressionAttributeNames: [{ key: "#s", value: "status" }],
        })) as ItemData,
      view,
    );

    await demo.step(
      'Update Item with Update JSON {"status": "done", "count": 3, "notes": null}: reserved words need no names; null removes',
      async () =>
        (await demo.action("updateItem", {
          ...key,
          updateJson: '{"status": "done", "count": 3, "notes": null}',
        })) as ItemData,
      view,
    );

    await demo.step(
      "Upsert Item with a Condition Expression that is false: ConditionalCheckFailed",
      () =>
        expectFailure(() =>
          demo.action("createItem", {
            tableName,
            itemJson: '{"customerId": "customer-42", "orderDate": "2024-05-01", "status": "new"}',
            conditionExpression: "attribute_not_exists(customerId)",
          }),
        ),
      (message) => message,
    );

    await demo.step(
      "Delete Item with a condition and Return Values ALL_OLD",
      async () =>
        (await demo.action("deleteItem", {
          ...key,
          conditionExpression: "#s = :done",
          expressionAttributeValues: [{ key: ":done", value: "done" }],
          expressionAttributeValueTypes: [{ key: ":done", value: "S" }],
          expressionAttributeNames: [{ key: "#s", value: "status" }],
          returnValues: "ALL_OLD",
        })) as ItemData,
      view,
    );

    await demo.step(
      "Get Item after the delete: found false",
      async () => (await demo.action("getItem", key)) as ItemData,
      view,
    );

    const typesKey = { tableName, value: "types", rangeKeyValue: "all-ten" };
    await demo.step(
      "Upsert Item with all ten types (S, N with 38 digits, B, BOOL, NULL, L, M, SS, NS, BS)",
      async () =>
        (await demo.action("createItem", {
          tableName,
          item: [
            { key: "customerId", value: "types" },
            { key: "orderDate", value: "all-ten" },
            ...ALL_TYPES.map(([name, , value]) => ({ key: name, value })),
          ],
          itemTypes: [
            { key: "customerId", value: "S" },
            { key: "orderDate", value: "S" },
            ...ALL_TYPES.map(([name, type]) => ({ key: name, value: type })),
          ],
        })) as ItemData,
      () => "written",
    );

    await demo.step(
      "Get Item: each type back as plain JSON (numbers digit for digit, binary as base64)",
      async () => (await demo.action("getItem", typesKey)) as ItemData,
      (r) =>
        ALL_TYPES.map(([name, type]) => `${type}=${JSON.stringify(r.data.item?.[name])}`).join(
          "\n      ",
        ),
    );

    await demo.step(
      "Get Item with Return DynamoDB JSON: the typed form",
      async () =>
        (await demo.action("getItem", { ...typesKey, returnDynamoJson: "true" })) as ItemData,
      (r) => shortJson(r.data.item, 300),
    );

    await demo.step(
      "Upsert Item rejects an item over 400 KB before sending it",
      () =>
        expectFailure(() =>
          demo.action("createItem", {
            tableName,
            itemJson: JSON.stringify({
              customerId: "big",
              orderDate: "x",
              body: "x".repeat(410_000),
            }),
          }),
        ),
      (message) => message,
    );
  } finally {
    await demo.step(
      "Delete the items table",
      () => demo.action("deleteTable", { tableName }),
      () => tableName,
    );
  }
};

export default section;
