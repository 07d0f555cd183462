/**
 * No secret leaves the connector: a sweep of every action, data source and the trigger against
 * DynamoDB Local, with debug on (so the SDK logs every request into the step's logger), on
 * success and on failure paths: a missing table, credentials DynamoDB refuses, an endpoint that
 * echoes the credentials back (as is, URL-encoded and base64, in an error and in the cancellation
 * reasons of a transaction), dropped connections, and an assumed role that STS refuses.
 * It runs on the source and on the built bundle, for both connection types: Access Key and Secret
 * (with a Session Token wrapped in white space, which the SDK trims before signing) and AWS Role
 * ARN (through a fake STS that hands out distinctive temporary credentials). No secret, the
 * temporary ones included, may appear in any output, error message, stack, cause chain, JSON form
 * of an error or log line, in raw, trimmed, URL-encoded or base64 form.
 */
import { inspect } from "node:util";
import {
  type FakeSts,
  type FaultProxy,
  startFakeSts,
  startFaultProxy,
} from "../../tools/faultProxy";
import {
  type ComponentUnderTest,
  componentsUnderTest,
  useStsEndpoint,
} from "../support/components";
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
/** Sent trimmed: an endpoint can only echo the trimmed form. */
const TOKEN = "  tOkEn-DistinctiveSessionToken-FwoGZXIvYXdzEJr//////////wEaDIx+9876543210=\n";
/** The fake STS's temporary credentials: the secret, and the prefix of every session token. */
const TEMP_SECRET = "tEmPsEcReT/DistinctiveTemporarySecret+abcdef0123456789==";
const TEMP_TOKEN_PREFIX = "tEmPtOkEn/DistinctiveTemporarySessionToken+QUJD";

/**
 * The four forms in which a secret must never appear: raw, trimmed, URL-encoded and base64.
 * For the token prefix, only whole base64 groups (a prefix of every token's base64 form).
 */
function forbiddenForms(secret: string): string[] {
  const trimmed = secret.trim();
  const base64 = (text: string) => {
    const bytes = Buffer.from(text, "utf8");
    return bytes.toString("base64").slice(0, Math.floor(bytes.length / 3) * 4);
  };
  return [
    ...new Set([
      secret,
      trimmed,
      encodeURIComponent(trimmed),
      base64(trimmed),
      base64(secret),
      Buffer.from(trimmed)
        .toString("base64url")
        .slice(0, Math.floor(trimmed.length / 3) * 4),
    ]),
  ];
}

const FORBIDDEN = [SECRET, TOKEN, TEMP_SECRET, TEMP_TOKEN_PREFIX].flatMap((secret) =>
  forbiddenForms(secret).map((form) => ({ secret, form })),
);

const table = uniqueTableName("secrets_customers");
const MISSING = uniqueTableName("secrets_missing");
let proxy: FaultProxy;
let sts: FakeSts;

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
const EXPORT_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/export/01715078400000-a1b2c3d4";
const IMPORT_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/import/01715078400000-a1b2c3d4";

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
  // Exports and imports: DynamoDB Local has none (UnknownOperationException, LOCAL_UNSUPPORTED).
  {
    kind: "action",
    key: "exportTableToS3",
    params: (t) => ({ tableName: t, s3Bucket: "my-exports", waitUntilComplete: "true" }),
  },
  { kind: "action", key: "describeExport", params: () => ({ exportArn: EXPORT_ARN }) },
  { kind: "action", key: "listExports", params: (t) => ({ filterTableName: t, fetchAll: "true" }) },
  {
    kind: "action",
    key: "importTableFromS3",
    params: (t) => ({
      newTableName: `${t}-imported`.slice(0, 255),
      s3Bucket: "my-imports",
      attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
      keySchema: '[{"AttributeName":"id","KeyType":"HASH"}]',
    }),
  },
  { kind: "action", key: "describeImport", params: () => ({ importArn: IMPORT_ARN }) },
  { kind: "action", key: "listImports", params: () => ({ fetchAll: "true" }) },
  { kind: "dataSource", key: "selectExport", params: (t) => ({ tableName: t }) },
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
  "exportTableToS3",
  "describeExport",
  "listExports",
  "importTableFromS3",
  "describeImport",
  "listImports",
  "selectExport",
]);

/** Creating and deleting a table run once each, on their own table (the name given). */
const TABLE_TARGETS: Target[] = [
  { kind: "action", key: "createTable", params: (t) => ({ tableName: t }) },
  { kind: "action", key: "deleteTable", params: (t) => ({ tableName: t }) },
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

type AnyConnection = ReturnType<typeof localConnection>;

/** Runs a target with debug on and a capturing logger; never throws. */
async function runTarget(
  component: ComponentUnderTest,
  target: Target,
  connection: AnyConnection,
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
  const { harness } = component;
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

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** An error and every error in its cause chain: message, stack, JSON form and inspection. */
function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    const { message, stack } = current as { message?: unknown; stack?: unknown };
    texts.push(String(message), String(stack), String(current), safeJson(current));
    texts.push(inspect(current, { depth: 20 }));
    current = (current as { cause?: unknown }).cause;
  }
  return texts;
}

/**
 * The bytes held anywhere inside `value` (an answer body such as an error's $response.body),
 * each read as UTF-8 text: inspect and JSON show bytes only as numbers. No depth limit.
 */
function bytesTexts(value: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (ArrayBuffer.isView(current)) {
      texts.push(Buffer.from(current.buffer, current.byteOffset, current.byteLength).toString());
      continue;
    }
    if (current instanceof ArrayBuffer) {
      texts.push(Buffer.from(current).toString());
      continue;
    }
    for (const name of Object.getOwnPropertyNames(current)) {
      const descriptor = Object.getOwnPropertyDescriptor(current, name);
      if (descriptor && "value" in descriptor) stack.push(descriptor.value);
    }
  }
  return texts;
}

/** Everything a user or the platform could ever see of an outcome, as text. */
function everything(outcome: Outcome): string {
  return [
    ...bytesTexts([outcome.result, outcome.error, outcome.lines]),
    inspect(outcome.result, { depth: 20 }),
    safeJson(outcome.result ?? null),
    ...outcome.lines.map((line) => inspect(line, { depth: 20, showHidden: false })),
    ...outcome.lines.map(safeJson),
    ...outcome.lines.flatMap((line) =>
      line.flatMap((part) => (part instanceof Error ? errorTexts(part) : [])),
    ),
    ...(outcome.error ? errorTexts(outcome.error) : []),
  ].join("\n");
}

function expectNoSecret(outcome: Outcome, where: string): void {
  const text = everything(outcome);
  for (const { secret, form } of FORBIDDEN) {
    const at = text.indexOf(form);
    if (at !== -1) {
      throw new Error(
        `${where}: a secret (${secret.trim().slice(0, 12)}...) appeared as "${form}" in the output, an error or a log line: ...${text.slice(Math.max(0, at - 200), at + 80)}...`,
      );
    }
  }
}

/** Has the SDK's own logger written a request log line (it logs each command by name)? */
function sdkLogLines(lines: unknown[][]): unknown[][] {
  return lines.filter((line) =>
    line.some(
      (arg) =>
        typeof arg === "object" && arg !== null && "commandName" in arg && "clientName" in arg,
    ),
  );
}

/** The connection types under test, each pointing at `endpoint` (the engine by default). */
const CONNECTIONS: [string, (endpoint?: string) => AnyConnection][] = [
  [
    "Access Key and Secret",
    (endpoint) =>
      localConnection({
        secretAccessKey: SECRET,
        sessionToken: TOKEN,
        endpoint: endpoint ?? localEndpoint(),
      }),
  ],
  [
    "AWS Role ARN",
    (endpoint) => ({
      key: "awsAssumeRole",
      configVarKey: "",
      fields: {
        roleARN: "arn:aws:iam::123456789012:role/IntegrationRole",
        accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
        secretAccessKey: SECRET,
        externalId: "external-id-42",
        endpoint: endpoint ?? localEndpoint(),
      },
    }),
  ],
];

/**
 * An endpoint that echoes, in several encodings, the session token it received (the connection's,
 * or the assumed role's temporary one) and the secrets the connector signs with (as if it knew
 * them): the connection's, and the assumed role's temporary secret.
 */
const echo = (isRole: boolean, type?: string) => ({
  kind: "echo" as const,
  ...(type ? { type } : {}),
  secrets: isRole ? [SECRET, TEMP_SECRET] : [SECRET, TOKEN],
});

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  sts = await startFakeSts({
    accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
    secretAccessKey: TEMP_SECRET,
    sessionTokenPrefix: TEMP_TOKEN_PREFIX,
  });
  useStsEndpoint(sts.endpoint);
  await createTestTable(table, {
    hashKey: { name: "customerId", type: "N" },
    rangeKey: { name: "customerName", type: "S" },
    gsi: [{ name: "byCity", hashKey: { name: "city", type: "S" } }],
  });
});

afterAll(async () => {
  useStsEndpoint(undefined);
  await proxy.close();
  await sts.close();
  await deleteTestTable(table);
});

const title = (target: Target) => `${target.kind} ${target.key}`;

describe("the sweep checks what it claims to", () => {
  it("looks for every secret in raw, trimmed, URL-encoded and base64 form", () => {
    const forms = FORBIDDEN.filter(({ secret }) => secret === TOKEN).map(({ form }) => form);
    expect(forms).toEqual(
      expect.arrayContaining([
        TOKEN,
        TOKEN.trim(),
        encodeURIComponent(TOKEN.trim()),
        Buffer.from(TOKEN.trim()).toString("base64").slice(0, 96),
      ]),
    );
    const leaked: Outcome = { lines: [["debug", { echoed: encodeURIComponent(TEMP_SECRET) }]] };
    expect(() => expectNoSecret(leaked, "a planted leak")).toThrow(/a planted leak/);
    const inCause: Outcome = {
      lines: [],
      error: Object.assign(new Error("outer"), {
        cause: new Error(Buffer.from(`${TEMP_TOKEN_PREFIX}-7`).toString("base64")),
      }),
    };
    expect(() => expectNoSecret(inCause, "a leak in a cause")).toThrow(/a leak in a cause/);
  });
});

describe.each(componentsUnderTest())("%s", (componentName, load) => {
  let component: ComponentUnderTest;

  beforeAll(() => {
    component = load();
  });

  beforeEach(() => {
    component.resetCaches();
    proxy.reset();
    sts.refuse = undefined;
    sts.fault = undefined;
  });

  describe.each(CONNECTIONS)("%s connection", (connectionName, connectionTo) => {
    const isRole = connectionName === "AWS Role ARN";
    const created = uniqueTableName(`secrets_created_${componentName}_${isRole ? "role" : "key"}`);
    const run = (target: Target, endpoint?: string, tableName = table) =>
      runTarget(component, target, connectionTo(endpoint), tableName);

    afterAll(() => deleteTestTable(created));

    describe("success paths, with the SDK logging every request", () => {
      it.each(
        [...TABLE_TARGETS.slice(0, 1), ...TARGETS, ...TABLE_TARGETS.slice(1)].map(
          (t) => [title(t), t] as const,
        ),
      )("%s", async (_title, target) => {
        const isTableTarget = TABLE_TARGETS.includes(target);
        const outcome = await run(target, undefined, isTableTarget ? created : table);
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
        const outcome = await run(target, undefined, MISSING);
        expectNoSecret(outcome, title(target));
        if (LOCAL_UNSUPPORTED.has(target.key)) {
          expect(outcome.error).toBeInstanceOf(Error);
        } else if (!["listTables", "selectTable"].includes(target.key)) {
          expect(outcome.error?.message).toMatch(
            /ResourceNotFoundException|not found|does not exist/i,
          );
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
        const outcome = await run(target, proxy.endpoint);
        expectNoSecret(outcome, title(target));
        expect(outcome.error?.message).toContain("UnrecognizedClientException");
        // A ConnectionError, by name too (minification once emptied it in the bundle).
        if (target.kind !== "dataSource") {
          expect(outcome.error?.name).toBe("ConnectionError");
          expect(String(outcome.error)).toMatch(/^ConnectionError: /);
          // The failed request was logged too, with the secrets kept out.
          expect(sdkLogLines(outcome.lines).length).toBeGreaterThan(0);
        }
      });

      it.each(targets)(
        "%s against an endpoint that echoes every credential, raw, URL-encoded and base64",
        async (_title, target) => {
          proxy.inject("*", ...Array.from({ length: 20 }, () => echo(isRole)));
          const outcome = await run(target, proxy.endpoint);
          expectNoSecret(outcome, title(target));
          expect(outcome.error?.message).toContain("echo injected by the fault proxy");
          expect(outcome.error?.message).toContain("Echo: ****");
        },
      );

      it.each(targets.filter(([, target]) => target.key.startsWith("transact")))(
        "%s cancelled, with cancellation reasons that echo every credential",
        async (_title, target) => {
          const type = "com.amazonaws.dynamodb.v20120810#TransactionCanceledException";
          proxy.inject("*", ...Array.from({ length: 20 }, () => echo(isRole, type)));
          const outcome = await run(target, proxy.endpoint);
          expectNoSecret(outcome, title(target));
          expect(outcome.error?.name).toBe("TransactionCanceledException");
          // The reasons stay reachable in the cause, redacted.
          const cause = (outcome.error as Error & { cause?: { CancellationReasons?: unknown[] } })
            .cause;
          expect(cause?.CancellationReasons).toHaveLength(1);
        },
      );

      it.each(targets)("%s when every connection is dropped", async (_title, target) => {
        proxy.inject("*", ...Array.from({ length: 20 }, () => ({ kind: "drop" as const })));
        const outcome = await run(target, proxy.endpoint);
        expectNoSecret(outcome, title(target));
        expect(outcome.error).toBeInstanceOf(Error);
      });

      if (isRole) {
        it.each(targets)("%s with an assumed role that STS refuses", async (_title, target) => {
          sts.refuse = `User: arn:aws:iam::123456789012:user/integration is not authorized to perform: sts:AssumeRole (signed with ${SECRET})`;
          const outcome = await run(target);
          expectNoSecret(outcome, title(target));
          expect(outcome.error?.message).toMatch(/^AssumeRole failed for role .*AccessDenied/);
          expect(sts.calls.length).toBeGreaterThan(0);
        });
      }
    });
  });
});
