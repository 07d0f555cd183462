/**
 * The marketplace contract (COMPAT.md): every key, label and default that existing integrations
 * depend on. New inputs may follow the contract's inputs, but never precede or replace them.
 */
import component from "../../src/index";

type Input = { key: string; label: string; type: string; default?: unknown; required?: boolean };

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

const SHARED_LABELS: Record<string, string> = {
  awsRegion: "AWS Region",
  tableName: "Table Name",
  awsConnection: "Connection",
  value: "Hash / Primary Key Value",
  rangeKeyValue: "Range / Sort Key Value",
  conditionExpression: "Condition Expression",
  expressionAttributeValues: "Expression Attribute Values",
  expressionAttributeValueTypes: "Expression Attribute Value Types",
  queryParameters: "Query Parameters",
  fetchAll: "Fetch All",
};

const ACTIONS: [string, string, string, string[]][] = [
  [
    "createTable",
    "Create Table",
    "Create a new DynamoDB Table",
    [
      "awsRegion",
      "tableName",
      "attributeDefinition",
      "keySchema",
      "billingMode",
      "readCapacityUnits",
      "writeCapacityUnits",
      "awsConnection",
    ],
  ],
  [
    "deleteItem",
    "Delete Item",
    "Delete an item from a DynamoDB database",
    [
      "awsRegion",
      "tableName",
      "value",
      "rangeKeyValue",
      "conditionExpression",
      "expressionAttributeValues",
      "expressionAttributeValueTypes",
      "awsConnection",
    ],
  ],
  [
    "deleteTable",
    "Delete Table",
    "Delete an existing DynamoDB Table",
    ["awsRegion", "tableName", "awsConnection"],
  ],
  [
    "describeTable",
    "Describe Table",
    "Fetch metadata about an existing DynamoDB Table",
    ["awsRegion", "tableName", "awsConnection"],
  ],
  [
    "getItem",
    "Get Item",
    "Retrieve an item from a DynamoDB database",
    ["awsRegion", "tableName", "value", "rangeKeyValue", "awsConnection"],
  ],
  [
    "listTables",
    "List Tables",
    "List all DynamoDB Tables",
    ["awsRegion", "awsConnection", "fetchAll"],
  ],
  [
    "queryItems",
    "Query Items",
    "Query a DynamoDB table",
    [
      "awsRegion",
      "tableName",
      "expressionAttributeValues",
      "expressionAttributeValueTypes",
      "keyConditionExpression",
      "filterExpression",
      "queryParameters",
      "awsConnection",
    ],
  ],
  [
    "rawRequest",
    "Raw Request",
    "Execute single PartiQL statements.",
    ["awsRegion", "statement", "parameters", "queryParameters", "awsConnection"],
  ],
  [
    "updateItem",
    "Update Item",
    "Update an existing item in a DynamoDB database",
    [
      "awsRegion",
      "tableName",
      "value",
      "rangeKeyValue",
      "query",
      "conditionExpression",
      "queryParams",
      "queryParamTypes",
      "awsConnection",
    ],
  ],
  [
    "createItem",
    "Upsert Item",
    "Creates a new item, or replaces an existing item with a new item",
    [
      "awsRegion",
      "tableName",
      "item",
      "itemTypes",
      "conditionExpression",
      "expressionAttributeValues",
      "expressionAttributeValueTypes",
      "awsConnection",
    ],
  ],
];

/** Inputs particular to one action: [action, key, label, type, default]. */
const PARTICULAR: [string, string, string, string, string | undefined][] = [
  [
    "createTable",
    "attributeDefinition",
    "Attribute Definition",
    "code",
    pretty([
      { AttributeName: "customerId", AttributeType: "N" },
      { AttributeName: "customerName", AttributeType: "S" },
    ]),
  ],
  [
    "createTable",
    "keySchema",
    "Key Schema",
    "code",
    pretty([
      { KeyType: "HASH", AttributeName: "customerId" },
      { KeyType: "RANGE", AttributeName: "customerName" },
    ]),
  ],
  ["createTable", "billingMode", "Billing Mode", "string", "PROVISIONED"],
  ["createTable", "readCapacityUnits", "Read Capacity Units", "string", "5"],
  ["createTable", "writeCapacityUnits", "Write Capacity Units", "string", "5"],
  ["queryItems", "keyConditionExpression", "Key Condition Expression", "string", undefined],
  ["queryItems", "filterExpression", "Filter Expression", "string", undefined],
  ["rawRequest", "statement", "Statement", "string", undefined],
  ["rawRequest", "parameters", "Parameters", "code", pretty(["Rose"])],
  ["updateItem", "query", "Update Expression", "string", undefined],
  ["updateItem", "queryParams", "Expression Attribute Values", "string", undefined],
  ["updateItem", "queryParamTypes", "Expression Attribute Value Types", "string", undefined],
  ["createItem", "item", "Value", "string", undefined],
  ["createItem", "itemTypes", "Value Types", "string", undefined],
];

const TYPE_CODES = ["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"];

function inputsOf(actionKey: string): Input[] {
  return component.actions[actionKey].inputs as unknown as Input[];
}

describe("COMPAT.md contract", () => {
  it("keeps the component's key, label, description and category", () => {
    expect(component.key).toBe("aws-dynamodb");
    expect(component.display).toEqual(
      expect.objectContaining({
        label: "Amazon DynamoDB",
        description: "Manage tables and items in Amazon DynamoDB.",
        category: "Data Platforms",
        iconPath: "icon.png",
      }),
    );
  });

  it.each(ACTIONS)(
    "%s keeps its label, description and inputs in order",
    (key, label, description, inputKeys) => {
      const action = component.actions[key];
      expect(action.display.label).toBe(label);
      expect(action.display.description).toBe(description);
      const keys = inputsOf(key).map((input) => input.key);
      expect(keys.slice(0, inputKeys.length)).toEqual(inputKeys);
      for (const input of inputsOf(key)) {
        if (SHARED_LABELS[input.key])
          expect([input.key, input.label]).toEqual([input.key, SHARED_LABELS[input.key]]);
      }
    },
  );

  it.each(PARTICULAR)(
    "%s.%s keeps its label, type and default",
    (actionKey, key, label, type, defaultValue) => {
      const input = inputsOf(actionKey).find((candidate) => candidate.key === key);
      expect(input).toBeDefined();
      expect(input?.label).toBe(label);
      expect(input?.type).toBe(type);
      if (defaultValue !== undefined) expect(input?.default).toBe(defaultValue);
    },
  );

  it("keeps Fetch All's default false and the required shared inputs", () => {
    const fetchAll = inputsOf("listTables").find((input) => input.key === "fetchAll");
    expect(fetchAll?.default).toBe("false");
    for (const [key] of ACTIONS) {
      for (const input of inputsOf(key)) {
        if (["tableName", "awsConnection", "value"].includes(input.key))
          expect(input.required).toBe(true);
        if (input.key === "rangeKeyValue") expect(input.required).toBe(false);
      }
    }
  });

  it("offers the ten type codes in every Types dropdown", () => {
    for (const [actionKey, key] of [
      ["createItem", "itemTypes"],
      ["createItem", "expressionAttributeValueTypes"],
      ["deleteItem", "expressionAttributeValueTypes"],
      ["queryItems", "expressionAttributeValueTypes"],
      ["updateItem", "queryParamTypes"],
    ]) {
      const input = inputsOf(actionKey).find((candidate) => candidate.key === key) as Input & {
        model?: { value: string }[];
        collection?: string;
      };
      expect(input.collection).toBe("keyvaluelist");
      expect(input.model?.map((choice) => choice.value)).toEqual(TYPE_CODES);
    }
  });

  it("keeps both connections with their keys, labels and inputs", () => {
    const connections = Object.fromEntries((component.connections ?? []).map((c) => [c.key, c]));
    const shape = (key: string) =>
      (connections[key].inputs as unknown as Input[]).map(({ key: k, label, type, required }) => [
        k,
        label,
        type,
        required,
      ]);
    expect(connections.apiKeySecret.label).toBe("Access Key and Secret");
    expect(connections.apiKeySecret.comments).toBe(
      "Authenticates requests to Amazon DynamoDB using an API Key and API Secret.",
    );
    expect(shape("apiKeySecret").slice(0, 2)).toEqual([
      ["accessKeyId", "Access Key ID", "string", true],
      ["secretAccessKey", "Secret Access Key", "password", true],
    ]);
    expect(connections.awsAssumeRole.label).toBe("AWS Role ARN");
    expect(connections.awsAssumeRole.comments).toBe("Connect to AWS using an assumed role");
    expect(shape("awsAssumeRole").slice(0, 4)).toEqual([
      ["roleARN", "Role ARN", "string", true],
      ["accessKeyId", "Access Key ID", "string", true],
      ["secretAccessKey", "Secret Access Key", "password", true],
      ["externalId", "External ID", "string", false],
    ]);
    // Additions are optional, so existing connections stay valid.
    for (const key of ["apiKeySecret", "awsAssumeRole"]) {
      for (const [, , , required] of shape(key).slice(key === "apiKeySecret" ? 2 : 4)) {
        expect(required).toBe(false);
      }
    }
  });

  it("keeps the data sources", () => {
    const sources = component.dataSources ?? {};
    expect(sources.selectTable.display.label).toBe("Select Table");
    expect(sources.selectTable.dataSourceType).toBe("picklist");
    expect((sources.selectTable.inputs as unknown as Input[]).map((i) => i.key).sort()).toEqual([
      "awsConnection",
      "awsRegion",
    ]);
    expect(sources.selectRegion.display.label).toBe("Select AWS Region");
    expect(sources.selectRegion.dataSourceType).toBe("picklist");
    expect(sources.selectRegion.inputs).toEqual([]);
  });

  it("gives the shared keys their contract labels on every action and data source, new ones too", () => {
    const targets = [
      ...Object.entries(component.actions).map(([key, action]) => [key, action.inputs] as const),
      ...Object.entries(component.dataSources ?? {}).map(
        ([key, source]) => [key, source.inputs] as const,
      ),
    ];
    expect(targets.map(([key]) => key)).toEqual(
      expect.arrayContaining([
        "createBackup",
        "tagResource",
        "createGlobalSecondaryIndex",
        "selectBackup",
      ]),
    );
    for (const [key, inputs] of targets) {
      for (const input of inputs as unknown as Input[]) {
        if (SHARED_LABELS[input.key]) {
          expect([key, input.key, input.label]).toEqual([key, input.key, SHARED_LABELS[input.key]]);
        }
        if (["tableName", "awsConnection"].includes(input.key)) {
          expect([key, input.key, input.required]).toEqual([key, input.key, true]);
        }
        if (input.key === "fetchAll") expect([key, input.default]).toEqual([key, "false"]);
      }
    }
  });

  it("makes every new input of a contract action optional", () => {
    for (const [key, , , inputKeys] of ACTIONS) {
      for (const input of inputsOf(key).slice(inputKeys.length)) {
        expect([key, input.key, input.required ?? false]).toEqual([key, input.key, false]);
      }
    }
  });
});
