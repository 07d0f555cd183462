/**
 * When AWS refuses a request for want of permission (DynamoDB Local behind the fault proxy, which
 * answers AccessDeniedException in its place), the step's error names the IAM action that very
 * request needed and its resource, read from the request (never from AWS's text, which here names
 * nothing), and says the connection's user or role lacks it: the first-call DescribeTable of Get
 * Item, the item call itself, PartiQL's per-verb actions, a transaction's item actions, a Query on
 * an index, a wait's DescribeTable, the trigger's stream reads, and AssumeRole.
 */
import { ConnectionError } from "@prismatic-io/spectral";
import { clientSettings } from "../../src/aws/client";
import {
  type FakeSts,
  type FaultProxy,
  startFakeSts,
  startFaultProxy,
} from "../../tools/faultProxy";
import {
  assumeRoleConnection,
  harness,
  keySecretConnection,
  resetCaches,
} from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localEndpoint,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("denied");
const streamed = uniqueTableName("denied_stream");
let proxy: FaultProxy;
let sts: FakeSts;

/** AWS's AccessDeniedException, with a text that names no permission (the mapping must not read it). */
const DENIED = {
  kind: "error" as const,
  status: 400,
  type: "com.amazon.coral.service#AccessDeniedException",
  message: "Access denied (injected by the fault proxy)",
};

const connection = () => keySecretConnection({ ...LOCAL_CREDENTIALS, endpoint: proxy.endpoint });
const run = (key: string, params: Record<string, unknown>, awsConnection = connection()) =>
  harness.action(key, { awsConnection, awsRegion: LOCAL_REGION, tableName: table, ...params });
const arn = (suffix = "") => `arn:aws:dynamodb:${LOCAL_REGION}:*:table/${table}${suffix}`;
const USER = "which the IAM user or role of the connection's Access Key ID lacks";

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await Promise.all([
    createTestTable(table, {
      hashKey: { name: "id", type: "S" },
      gsi: [{ name: "byCity", hashKey: { name: "city", type: "S" } }],
    }),
    createTestTable(streamed, { hashKey: { name: "id", type: "S" }, streams: true }),
  ]);
});

beforeEach(() => {
  resetCaches();
  proxy.reset();
});

afterAll(async () => {
  await proxy.close();
  await sts?.close();
  clientSettings.stsEndpoint = undefined;
  await Promise.all([deleteTestTable(table), deleteTestTable(streamed)]);
  resetCaches();
});

describe("an AccessDenied names the permission the refused request needed", () => {
  it("Get Item's first-call DescribeTable", async () => {
    proxy.inject("DescribeTable", DENIED);
    const error = await failure(run("getItem", { value: "c-1" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(`The step needs dynamodb:DescribeTable on ${arn()}, ${USER}`);
    expect(proxy.count("GetItem")).toBe(0);
  });

  it("Get Item's GetItem, once the key schema is known", async () => {
    proxy.inject("GetItem", DENIED);
    const error = await failure(run("getItem", { value: "c-1" }));
    expect(error.message).toMatch(/^GetItem failed on table .* AccessDeniedException/);
    expect(error.message).toContain(`The step needs dynamodb:GetItem on ${arn()}, ${USER}`);
    expect(error.message).not.toContain("DescribeTable on");
  });

  it.each([
    [`UPDATE "${table}" SET city = 'Lyon' WHERE id = 'c-1'`, "PartiQLUpdate"],
    [`INSERT INTO "${table}" VALUE {'id': 'c-9'}`, "PartiQLInsert"],
    [`DELETE FROM "${table}" WHERE id = 'c-1'`, "PartiQLDelete"],
    [`SELECT * FROM "${table}" WHERE id = 'c-1'`, "PartiQLSelect"],
  ])("Execute Statement's %s: dynamodb:%s", async (statement, action) => {
    proxy.inject("ExecuteStatement", DENIED);
    const error = await failure(run("rawRequest", { statement, parameters: "" }));
    expect(error.message).toContain(`The step needs dynamodb:${action} on ${arn()}, ${USER}`);
  });

  it("Batch Execute Statements: each statement's verb on its table", async () => {
    proxy.inject("BatchExecuteStatement", DENIED);
    const statements = JSON.stringify([
      { statement: `UPDATE "${table}" SET city = 'Lyon' WHERE id = 'c-1'` },
      { statement: `DELETE FROM "${streamed}" WHERE id = 'c-2'` },
    ]);
    const error = await failure(run("batchExecuteStatements", { statements }));
    expect(error.message).toContain(
      `The step needs dynamodb:PartiQLUpdate on ${arn()} and dynamodb:PartiQLDelete on arn:aws:dynamodb:${LOCAL_REGION}:*:table/${streamed}, ${USER}`,
    );
  });

  it("Transact Write Items: the item action of each operation", async () => {
    proxy.inject("TransactWriteItems", DENIED);
    const operations = JSON.stringify([
      { put: { tableName: table, item: { id: "c-1" } } },
      { delete: { tableName: table, key: { id: "c-2" } } },
    ]);
    const error = await failure(run("transactWriteItems", { operations }));
    expect(error.message).toContain(
      `The step needs dynamodb:PutItem on ${arn()} and dynamodb:DeleteItem on ${arn()}, ${USER}`,
    );
  });

  it("Query Items on an index: dynamodb:Query on /index/*", async () => {
    proxy.inject("Query", DENIED);
    const error = await failure(
      run("queryItems", {
        indexName: "byCity",
        keyConditionExpression: "city = :city",
        expressionAttributeValues: { ":city": "Lyon" },
        expressionAttributeValueTypes: { ":city": "S" },
      }),
    );
    expect(error.message).toContain(`The step needs dynamodb:Query on ${arn("/index/*")}, ${USER}`);
  });

  it("an AWS Role ARN connection: the role lacks it", async () => {
    sts ??= await startFakeSts(LOCAL_CREDENTIALS);
    clientSettings.stsEndpoint = sts.endpoint;
    proxy.inject("DescribeTable", DENIED);
    const error = await failure(
      run("describeTable", {}, assumeRoleConnection({ endpoint: proxy.endpoint })),
    );
    expect(error.message).toContain(
      `The step needs dynamodb:DescribeTable on ${arn()}, which the connection's role (its Role ARN) lacks`,
    );
  });

  it("AssumeRole refused: sts:AssumeRole on the Role ARN", async () => {
    sts ??= await startFakeSts(LOCAL_CREDENTIALS);
    clientSettings.stsEndpoint = sts.endpoint;
    sts.refuse = "User is not authorized";
    try {
      const error = await failure(
        run("describeTable", {}, assumeRoleConnection({ endpoint: proxy.endpoint })),
      );
      expect(error.message).toContain(
        "The user of the connection's Access Key ID needs sts:AssumeRole on arn:aws:iam::123456789012:role/IntegrationRole",
      );
    } finally {
      sts.refuse = undefined;
    }
  });

  it("the trigger's DescribeStream, on the table's stream, with what the trigger needs in all", async () => {
    proxy.inject("DescribeStream", DENIED);
    const error = await failure(
      harness.trigger("tableChanges", undefined, {
        awsConnection: connection(),
        awsRegion: LOCAL_REGION,
        tableName: streamed,
      }),
    );
    const stream = `arn:aws:dynamodb:${LOCAL_REGION}:*:table/${streamed}/stream/*`;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      new RegExp(
        `The step needs dynamodb:DescribeStream on arn:aws:dynamodb:ddblocal:\\d+:table/${streamed}/stream/`,
      ),
    );
    expect(error.message).toContain(
      `The trigger needs dynamodb:DescribeTable on arn:aws:dynamodb:${LOCAL_REGION}:*:table/${streamed}; dynamodb:DescribeStream, dynamodb:GetShardIterator and dynamodb:GetRecords on ${stream}.`,
    );
  });

  it("other errors keep their message, with no permission named", async () => {
    const error = await failure(run("describeTable", { tableName: "no_such_table_here" }));
    expect(error.message).toMatch(/ResourceNotFoundException/);
    expect(error.message).not.toContain("The step needs");
  });
});
