/**
 * No secret leaves the connector: a sweep of every action, data source and the trigger against
 * DynamoDB Local, with debug on (so the SDK logs every request into the step's logger), on
 * success and on failure paths: a missing table, credentials DynamoDB refuses, an endpoint that
 * echoes the secret and the session token back in its error, dropped connections, and an
 * assumed role that STS refuses. The connection carries a distinctive Secret Access Key and
 * Session Token; neither may appear in any output, error message, stack, error cause or log line.
 */
import { inspect } from "node:util";
import { ConnectionError } from "@prismatic-io/spectral";
import {
  type FakeSts,
  type FaultProxy,
  startFakeSts,
  startFaultProxy,
} from "../../tools/faultProxy";
import { harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  uniqueTableName,
} from "../support/local";

const SECRET = "sEcReT/DistinctiveSecretAccessKey+0123456789abcdefXYZ";
const TOKEN = "tOkEn-DistinctiveSessionToken-FwoGZXIvYXdzEJr//////////wEaDIx+9876543210";
const SECRETS = [SECRET, TOKEN];

const table = uniqueTableName("secrets_customers");
const created = uniqueTableName("secrets_created");
const MISSING = uniqueTableName("secrets_missing");
let proxy: FaultProxy;
let sts: FakeSts;
const savedStsEndpoint = process.env.AWS_ENDPOINT_URL_STS;

type Kind = "action" | "dataSource" | "trigger";
interface Target {
  kind: Kind;
  key: string;
  params: (tableName: string) => Record<string, unknown>;
}

const kv = (entries: Record<string, string>) =>
  Object.entries(entries).map(([key, value]) => ({ key, value }));

const ITEM = { customerId: 1001, customerName: "Ada", city: "London" };
const KEY = { customerId: 1001, customerName: "Ada" };
const BACKUP_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4";

/** Every action, data source and the trigger, with inputs that succeed against `tableName`. */
const TARGETS: Target[] = [
  {
    kind: "action",
    key: "createItem",
    params: (t) => ({ tableName: t, itemJson: JSON.stringify(ITEM) }),
  },
  {
    kind: "action",
    key: "getItem",
    params: (t) => ({ tableName: t, value: "1001", rangeKeyValue: "Ada" }),
  },
  {
    kind: "action",
    key: "updateItem",
    params: (t) => ({
      tableName: t,
      value: "1001",
      rangeKeyValue: "Ada",
      query: "SET visits = :one",
      queryParams: kv({ ":one": "1" }),
      queryParamTypes: kv({ ":one": "N" }),
    }),
  },
  {
    kind: "action",
    key: "queryItems",
    params: (t) => ({
      tableName: t,
      keyConditionExpression: "customerId = :id",
      expressionAttributeValues: kv({ ":id": "1001" }),
      expressionAttributeValueTypes: kv({ ":id": "N" }),
      fetchAll: "true",
    }),
  },
  { kind: "action", key: "scanItems", params: (t) => ({ tableName: t, fetchAll: "true" }) },
  {
    kind: "action",
    key: "rawRequest",
    params: (t) => ({
      statement: `SELECT * FROM "${t}" WHERE customerId = ?`,
      parameters: "[1001]",
    }),
  },
  {
    kind: "action",
    key: "batchGetItems",
    params: (t) => ({ tableName: t, keys: JSON.stringify([KEY]) }),
  },
  {
    kind: "action",
    key: "batchWriteItems",
    params: (t) => ({ tableName: t, putItems: JSON.stringify([{ ...ITEM, customerId: 1002 }]) }),
  },
  {
    kind: "action",
    key: "transactGetItems",
    params: (t) => ({ gets: JSON.stringify([{ tableName: t, key: KEY }]) }),
  },
  {
    kind: "action",
    key: "transactWriteItems",
    params: (t) => ({
      operations: JSON.stringify([{ put: { tableName: t, item: { ...ITEM, customerId: 1003 } } }]),
    }),
  },
  { kind: "action", key: "describeTable", params: (t) => ({ tableName: t }) },
  { kind: "action", key: "describeTimeToLive", params: (t) => ({ tableName: t }) },
  {
    kind: "action",
    key: "updateTimeToLive",
    params: (t) => ({ tableName: t, ttlAttribute: "expiresAt" }),
  },
  {
    kind: "action",
    key: "updateTable",
    params: (t) => ({ tableName: t, streamViewType: "NEW_AND_OLD_IMAGES" }),
  },
  { kind: "action", key: "listTables", params: () => ({}) },
  {
    kind: "action",
    key: "importItems",
    params: (t) => ({
      tableName: t,
      file: { data: Buffer.from("customerId,customerName\n1004,Ada\n"), contentType: "text/csv" },
    }),
  },
  { kind: "action", key: "exportItems", params: (t) => ({ tableName: t, format: "csv" }) },
  {
    kind: "action",
    key: "deleteItem",
    params: (t) => ({ tableName: t, value: "1002", rangeKeyValue: "Ada", returnValues: "ALL_OLD" }),
  },
  {
    kind: "action",
    key: "createGlobalSecondaryIndex",
    params: (t) => ({
      tableName: t,
      indexName: "byEmail",
      partitionKeyName: "email",
      waitUntilActive: "true",
    }),
  },
  {
    kind: "action",
    key: "deleteGlobalSecondaryIndex",
    params: (t) => ({ tableName: t, indexName: "byEmail" }),
  },
  // DynamoDB Local answers these with UnknownOperationException (see LOCAL_UNSUPPORTED).
  { kind: "action", key: "createBackup", params: (t) => ({ tableName: t, backupName: "nightly" }) },
  { kind: "action", key: "describeBackup", params: () => ({ backupArn: BACKUP_ARN }) },
  { kind: "action", key: "listBackups", params: (t) => ({ filterTableName: t, fetchAll: "true" }) },
  { kind: "action", key: "deleteBackup", params: () => ({ backupArn: BACKUP_ARN }) },
  {
    kind: "action",
    key: "restoreTableFromBackup",
    params: (t) => ({ backupArn: BACKUP_ARN, targetTableName: `${t}-restored`.slice(0, 255) }),
  },
  {
    kind: "action",
    key: "restoreTableToPointInTime",
    params: (t) => ({ tableName: t, targetTableName: `${t}-restored`.slice(0, 255) }),
  },
  { kind: "action", key: "describeContinuousBackups", params: (t) => ({ tableName: t }) },
  { kind: "action", key: "updateContinuousBackups", params: (t) => ({ tableName: t }) },
  {
    kind: "action",
    key: "tagResource",
    params: (t) => ({ resource: t, tags: kv({ team: "billing" }) }),
  },
  { kind: "action", key: "untagResource", params: (t) => ({ resource: t, tagKeys: ["team"] }) },
  { kind: "action", key: "listTagsOfResource", params: (t) => ({ resource: t }) },
  { kind: "dataSource", key: "selectBackup", params: (t) => ({ tableName: t }) },
  { kind: "dataSource", key: "selectTable", params: () => ({}) },
  { kind: "dataSource", key: "selectIndex", params: (t) => ({ tableName: t }) },
  { kind: "trigger", key: "tableChanges", params: (t) => ({ tableName: t }) },
];

/** Actions DynamoDB Local does not support: they fail with UnknownOperationException there. */
const LOCAL_UNSUPPORTED = new Set([
  "createBackup",
  "describeBackup",
  "listBackups",
  "deleteBackup",
  "restoreTableFromBackup",
  "restoreTableToPointInTime",
  "describeContinuousBackups",
  "updateContinuousBackups",
  "tagResource",
  "untagResource",
  "listTagsOfResource",
  "selectBackup",
]);

/** Creating and deleting a table run once each, on their own table. */
const TABLE_TARGETS: Target[] = [
  { kind: "action", key: "createTable", params: () => ({ tableName: created }) },
  { kind: "action", key: "deleteTable", params: () => ({ tableName: created }) },
];

interface Capture {
  lines: unknown[][];
  logger: Record<string, jest.Mock>;
}

function capture(): Capture {
  const lines: unknown[][] = [];
  const spy = (level: string) =>
    jest.fn((...args: unknown[]) => {
      lines.push([level, ...args]);
    });
  return {
    lines,
    logger: Object.fromEntries(
      ["metric", "trace", "debug", "info", "log", "warn", "error"].map((level) => [
        level,
        spy(level),
      ]),
    ),
  };
}

interface Outcome {
  result?: unknown;
  error?: Error;
  lines: unknown[][];
}

/** Runs a target with debug on and a capturing logger; never throws. */
async function runTarget(
  target: Target,
  connection: ReturnType<typeof localConnection>,
  tableName: string,
): Promise<Outcome> {
  const { lines, logger } = capture();
  // The platform turns globalDebug into context.debug.enabled (spectral's createDebugContext).
  const context = { logger, globalDebug: true } as never;
  const params = {
    awsConnection: connection,
    awsRegion: LOCAL_REGION,
    ...target.params(tableName),
  };
  const call =
    target.kind === "dataSource"
      ? harness.dataSource(target.key, params, context)
      : target.kind === "trigger"
        ? harness.trigger(target.key, undefined, params, {
            ...(context as object),
            instanceState: {},
          } as never)
        : harness.action(target.key, params, context);
  return call.then(
    (result) => ({ result, lines }),
    (error: Error) => ({ error, lines }),
  );
}

/** Everything a user or the platform could ever see of an outcome, as text. */
function everything(outcome: Outcome): string {
  const parts = [
    inspect(outcome.result, { depth: 20 }),
    JSON.stringify(outcome.result ?? null),
    ...outcome.lines.map((line) => inspect(line, { depth: 20, showHidden: false })),
    ...outcome.lines.map((line) => {
      try {
        return JSON.stringify(line);
      } catch {
        return "";
      }
    }),
  ];
  if (outcome.error) {
    parts.push(
      outcome.error.message,
      String(outcome.error.stack),
      inspect(outcome.error, { depth: 20 }),
      String(outcome.error),
    );
  }
  return parts.join("\n");
}

function expectNoSecret(outcome: Outcome, where: string): void {
  const text = everything(outcome);
  for (const secret of SECRETS) {
    if (text.includes(secret)) {
      const at = text.indexOf(secret);
      throw new Error(
        `${where}: a secret appeared in the output, an error or a log line: ...${text.slice(Math.max(0, at - 200), at + 80)}...`,
      );
    }
  }
}

/** The connection under test: the engine's access key, with a distinctive secret and token. */
const secretConnection = (endpoint?: string) =>
  localConnection({
    secretAccessKey: SECRET,
    sessionToken: TOKEN,
    ...(endpoint ? { endpoint } : {}),
  });

/** Has the SDK's own logger written a request log line (it logs each command by name)? */
function sdkLogLines(lines: unknown[][]): unknown[][] {
  return lines.filter((line) =>
    line.some(
      (arg) =>
        typeof arg === "object" && arg !== null && "commandName" in arg && "clientName" in arg,
    ),
  );
}

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  sts = await startFakeSts(LOCAL_CREDENTIALS);
  process.env.AWS_ENDPOINT_URL_STS = sts.endpoint;
  await createTestTable(table, {
    hashKey: { name: "customerId", type: "N" },
    rangeKey: { name: "customerName", type: "S" },
    gsi: [{ name: "byCity", hashKey: { name: "city", type: "S" } }],
  });
});

afterAll(async () => {
  if (savedStsEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
  else process.env.AWS_ENDPOINT_URL_STS = savedStsEndpoint;
  await proxy.close();
  await sts.close();
  await Promise.all([table, created].map(deleteTestTable));
});

beforeEach(() => {
  resetCaches();
  proxy.reset();
  sts.refuse = undefined;
});

const title = (target: Target) => `${target.kind} ${target.key}`;

describe("success paths, with the SDK logging every request", () => {
  it.each(
    [...TABLE_TARGETS.slice(0, 1), ...TARGETS, ...TABLE_TARGETS.slice(1)].map(
      (t) => [title(t), t] as const,
    ),
  )("%s", async (_title, target) => {
    const outcome = await runTarget(target, secretConnection(), table);
    expectNoSecret(outcome, title(target));
    // The SDK logger was passed through: its request lines reached the step's logger (data
    // sources get no logger by design).
    if (target.kind !== "dataSource") {
      expect(sdkLogLines(outcome.lines).length).toBeGreaterThan(0);
    } else {
      expect(sdkLogLines(outcome.lines)).toEqual([]);
    }
    // updateTable on DynamoDB Local and the trigger on a table without a stream may refuse;
    // every other step succeeds.
    if (LOCAL_UNSUPPORTED.has(target.key)) {
      expect(outcome.error?.message).toMatch(/UnknownOperationException/);
    } else if (!["updateTable", "tableChanges"].includes(target.key)) {
      expect(outcome.error).toBeUndefined();
    }
  });
});

describe("failure paths", () => {
  const targets = TARGETS.map((t) => [title(t), t] as const);

  it.each(targets)("%s on a table that does not exist", async (_title, target) => {
    const outcome = await runTarget(target, secretConnection(), MISSING);
    expectNoSecret(outcome, title(target));
    if (LOCAL_UNSUPPORTED.has(target.key)) {
      expect(outcome.error).toBeInstanceOf(Error);
    } else if (!["listTables", "selectTable"].includes(target.key)) {
      expect(outcome.error?.message).toMatch(/ResourceNotFoundException|not found|does not exist/i);
    }
  });

  it.each(targets)("%s with credentials DynamoDB refuses", async (_title, target) => {
    proxy.inject(
      "*",
      ...Array.from({ length: 20 }, () => ({
        kind: "error" as const,
        status: 400,
        type: "com.amazon.coral.service#UnrecognizedClientException",
        message: "The security token included in the request is invalid.",
      })),
    );
    const outcome = await runTarget(target, secretConnection(proxy.endpoint), table);
    expectNoSecret(outcome, title(target));
    expect(outcome.error).toBeInstanceOf(Error);
    expect(outcome.error?.message).toContain("UnrecognizedClientException");
    if (target.kind !== "dataSource") expect(outcome.error).toBeInstanceOf(ConnectionError);
    // The failed request was logged too, with the secret kept out.
    if (target.kind !== "dataSource") {
      expect(sdkLogLines(outcome.lines).length).toBeGreaterThan(0);
    }
  });

  it.each(targets)(
    "%s against an endpoint that echoes the secret and the token in its error",
    async (_title, target) => {
      proxy.inject(
        "*",
        ...Array.from({ length: 20 }, () => ({
          kind: "error" as const,
          status: 400,
          type: "com.amazon.coral.service#InvalidSignatureException",
          message: `The request signature we calculated does not match the signature you provided. Secret used: ${SECRET}; token: ${TOKEN}`,
        })),
      );
      const outcome = await runTarget(target, secretConnection(proxy.endpoint), table);
      expectNoSecret(outcome, title(target));
      expect(outcome.error?.message).toContain("InvalidSignatureException");
      expect(outcome.error?.message).toContain("Secret used: ****; token: ****");
    },
  );

  it.each(targets)("%s when every connection is dropped", async (_title, target) => {
    proxy.inject("*", ...Array.from({ length: 20 }, () => ({ kind: "drop" as const })));
    const outcome = await runTarget(target, secretConnection(proxy.endpoint), table);
    expectNoSecret(outcome, title(target));
    expect(outcome.error).toBeInstanceOf(Error);
  });

  it.each(targets)("%s with an assumed role that STS refuses", async (_title, target) => {
    sts.refuse =
      "User: arn:aws:iam::123456789012:user/integration is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/IntegrationRole";
    const connection = {
      key: "awsAssumeRole",
      configVarKey: "",
      fields: {
        roleARN: "arn:aws:iam::123456789012:role/IntegrationRole",
        accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
        secretAccessKey: SECRET,
        externalId: "external-id-42",
        endpoint: localEndpoint(),
      },
    };
    const outcome = await runTarget(target, connection as never, table);
    expectNoSecret(outcome, title(target));
    expect(outcome.error?.message).toMatch(/AccessDenied|not authorized/);
    expect(sts.calls.length).toBeGreaterThan(0);
  });
});
