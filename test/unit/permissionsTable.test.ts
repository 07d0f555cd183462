/**
 * The permissions table (src/aws/permissions.ts) has one entry for each action, data source and
 * trigger of the component, and none for a key the component lacks; each request's IAM action
 * is read from its operation and input (PartiQL by verb, transactions by operation kind).
 */
import {
  isPermissionKey,
  PERMISSIONS,
  requestPermissions,
  resourceArn,
  statementPermission,
} from "../../src/aws/permissions";
import component from "../../src/index";

/** Every key of the component's actions, data sources and triggers. */
const componentKeys = [
  ...Object.keys(component.actions),
  ...Object.keys(component.dataSources ?? {}),
  ...Object.keys(component.triggers ?? {}),
];

describe("the permissions table", () => {
  it("has an entry for every action, data source and trigger", () => {
    const missing = componentKeys.filter((key) => !isPermissionKey(key));
    expect(missing).toEqual([]);
  });

  it("has no entry for a key the component does not have", () => {
    const stray = Object.keys(PERMISSIONS).filter((key) => !componentKeys.includes(key));
    expect(stray).toEqual([]);
  });

  it("names IAM actions (service:Action), each at most once per resource kind of an entry", () => {
    for (const [key, permissions] of Object.entries(PERMISSIONS)) {
      const pairs = permissions.flatMap((permission) =>
        permission.actions.map((action) => `${action} on ${permission.on}`),
      );
      expect({ key, pairs: new Set(pairs).size }).toEqual({ key, pairs: pairs.length });
      for (const permission of permissions) {
        for (const action of permission.actions)
          expect(action).toMatch(/^[a-z][a-z0-9-]*:[A-Z]\w+$/);
      }
    }
  });
});

describe("the IAM actions of one request", () => {
  it("are dynamodb:<operation> on the table, or on the index a request names", () => {
    expect(requestPermissions("GetItem", { TableName: "Orders" })).toEqual([
      { action: "dynamodb:GetItem", kind: "table", table: "Orders" },
    ]);
    expect(requestPermissions("Query", { TableName: "Orders", IndexName: "byCity" })).toEqual([
      { action: "dynamodb:Query", kind: "index", table: "Orders" },
    ]);
    expect(requestPermissions("ListTables", {})).toEqual([
      { action: "dynamodb:ListTables", kind: "account" },
    ]);
  });

  it("are pipes:<operation> and events:<operation> for the instant trigger's Pipes and EventBridge calls", () => {
    const name = "dynamodb-changes-0123456789abcdef0123456789abcdef";
    expect(requestPermissions("CreatePipe", { Name: name, Source: "arn:x" })).toEqual([
      { action: "pipes:CreatePipe", kind: "pipe", name },
    ]);
    expect(requestPermissions("UpdateConnection", { Name: name })).toEqual([
      { action: "events:UpdateConnection", kind: "eventsConnection", name },
    ]);
    expect(requestPermissions("DeleteApiDestination", { Name: name })).toEqual([
      { action: "events:DeleteApiDestination", kind: "apiDestination", name },
    ]);
    // The instant trigger's entry grants each of them on the kind the request needs.
    const granted = PERMISSIONS.tableChangesInstant.flatMap((permission) =>
      permission.actions.map((action) => `${action} on ${permission.on}`),
    );
    for (const operation of [
      "CreatePipe",
      "UpdatePipe",
      "DescribePipe",
      "DeletePipe",
      "CreateConnection",
      "UpdateConnection",
      "DeleteConnection",
      "CreateApiDestination",
      "UpdateApiDestination",
      "DeleteApiDestination",
    ]) {
      const [needed] = requestPermissions(operation, { Name: name });
      expect(granted).toContain(`${needed.action} on ${needed.kind}`);
    }
  });

  it("are dynamodb:<operation> for an operation named like an Object method", () => {
    expect(requestPermissions("constructor", { TableName: "Orders" })).toEqual([
      { action: "dynamodb:constructor", kind: "table", table: "Orders" },
    ]);
  });

  it("are PartiQL's per-verb actions, on the table (or index) each statement names", () => {
    expect(statementPermission(`SELECT * FROM "Orders" WHERE id = ?`)).toEqual({
      action: "dynamodb:PartiQLSelect",
      kind: "table",
      table: "Orders",
    });
    expect(statementPermission(`select * from "Orders"."byCity"`)).toEqual({
      action: "dynamodb:PartiQLSelect",
      kind: "index",
      table: "Orders",
    });
    expect(statementPermission(`INSERT INTO "Stock" VALUE {'sku': ?}`).action).toBe(
      "dynamodb:PartiQLInsert",
    );
    expect(statementPermission(` UPDATE "Stock" SET n = 1 WHERE sku = ?`)).toEqual({
      action: "dynamodb:PartiQLUpdate",
      kind: "table",
      table: "Stock",
    });
    expect(statementPermission(`DELETE FROM Stock WHERE sku = ?`)).toEqual({
      action: "dynamodb:PartiQLDelete",
      kind: "table",
      table: "Stock",
    });
    expect(
      requestPermissions("BatchExecuteStatement", {
        Statements: [
          { Statement: `SELECT * FROM "A"` },
          { Statement: `DELETE FROM "B" WHERE k=1` },
        ],
      }).map(({ action, table }) => `${action} ${table}`),
    ).toEqual(["dynamodb:PartiQLSelect A", "dynamodb:PartiQLDelete B"]);
  });

  it("are the item actions of a transaction's operations, table by table", () => {
    const needed = requestPermissions("TransactWriteItems", {
      TransactItems: [
        { Put: { TableName: "A" } },
        { ConditionCheck: { TableName: "B" } },
        { Delete: { TableName: "A" } },
      ],
    });
    expect(needed.map(({ action, table }) => `${action} ${table}`)).toEqual([
      "dynamodb:PutItem A",
      "dynamodb:ConditionCheckItem B",
      "dynamodb:DeleteItem A",
    ]);
  });

  it("name the stream, backup or resource ARN a request gives, with its table", () => {
    const stream =
      "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-05-07T10:40:00.000";
    expect(requestPermissions("DescribeStream", { StreamArn: stream })).toEqual([
      { action: "dynamodb:DescribeStream", kind: "stream", arn: stream, table: "Orders" },
    ]);
    const backup = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/0171-a1";
    expect(requestPermissions("DeleteBackup", { BackupArn: backup })[0].kind).toBe("backup");
  });
});

describe("resource ARNs", () => {
  it("follow AWS's patterns, partition by region", () => {
    expect(resourceArn("index", "Orders", "us-east-1", "123456789012")).toBe(
      "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/index/*",
    );
    expect(resourceArn("stream", "*", "cn-north-1", "123456789012")).toBe(
      "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/*/stream/*",
    );
    expect(resourceArn("account", "Orders", "us-east-1", "123456789012")).toBe("*");
  });
});
