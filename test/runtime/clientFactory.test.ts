/**
 * The credential factory (src/aws/client.ts), exercised through the harness as the platform runs it.
 *
 * Note on STS: `fromTemporaryCredentials` builds its STS client from `@aws-sdk/nested-clients/sts`,
 * a different class from `@aws-sdk/client-sts`'s STSClient, so `mockClient(STSClient)` of
 * client-sts never sees the AssumeRole call (it would go to the network). The nested class is
 * the one mocked here; a guard test below proves the difference so a future SDK change shows up.
 */
import { Readable } from "node:stream";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { STSClient as PublicSTSClient } from "@aws-sdk/client-sts";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import { cachedClientCount, getClients } from "../../src/aws/client";
import {
  assumeRoleConnection,
  harness,
  keySecretConnection,
  resetCaches,
  TEST_SECRET,
} from "../support/harness";

const REGION = "us-east-1";
const ROLE_ARN = "arn:aws:iam::123456789012:role/IntegrationRole";
const TEMP = {
  AccessKeyId: "ASIATEMPORARYKEY",
  SecretAccessKey: "temporary-secret-access-key",
  SessionToken: "temporary-session-token-value",
};

const stsMock = mockClient(STSClient);

function answerAssumeRole(): void {
  stsMock.on(AssumeRoleCommand).resolves({
    Credentials: { ...TEMP, Expiration: new Date(Date.now() + 3600 * 1000) },
    AssumedRoleUser: {
      AssumedRoleId: "AROAEXAMPLE:prismatic-aws-dynamodb",
      Arn: "arn:aws:sts::123456789012:assumed-role/IntegrationRole/prismatic-aws-dynamodb",
    },
  });
}

async function listTables(connection: ReturnType<typeof keySecretConnection>, awsRegion = REGION) {
  return harness.action("listTables", { awsConnection: connection, awsRegion });
}

describe("client factory with the DynamoDB client mocked", () => {
  const ddbMock = mockClient(DynamoDBClient);

  beforeEach(() => {
    resetCaches();
    ddbMock.reset();
    stsMock.reset();
    answerAssumeRole();
    ddbMock.on(ListTablesCommand).resolves({ TableNames: ["Customers"] });
  });

  afterAll(() => ddbMock.restore());

  it("makes no STS call with Access Key and Secret", async () => {
    const result = await listTables(keySecretConnection());
    expect(result).toEqual({ data: { tableNames: ["Customers"], lastEvaluatedTableName: null } });
    const credentials = await getClients(
      keySecretConnection(),
      REGION,
    ).dynamodb.config.credentials();
    expect(credentials).toMatchObject({
      accessKeyId: "AKIAUNITTEST",
      secretAccessKey: TEST_SECRET,
    });
    expect(stsMock.calls()).toHaveLength(0);
  });

  it("reuses one client for the same connection and region", async () => {
    for (let i = 0; i < 5; i++) await listTables(keySecretConnection());
    expect(cachedClientCount()).toBe(1);
    const clients = ddbMock.commandCalls(ListTablesCommand).map((call) => call.thisValue);
    expect(clients).toHaveLength(5);
    expect(new Set(clients).size).toBe(1);
  });

  it("gives two connections two clients, and never shares them", async () => {
    await listTables(keySecretConnection());
    await listTables(keySecretConnection({ accessKeyId: "AKIAOTHERKEY" }));
    await listTables(keySecretConnection());
    expect(cachedClientCount()).toBe(2);
    const [first, second, third] = ddbMock.commandCalls(ListTablesCommand).map((c) => c.thisValue);
    expect(first).not.toBe(second);
    expect(third).toBe(first);
    const otherCredentials = await (second as DynamoDBClient).config.credentials();
    expect(otherCredentials.accessKeyId).toBe("AKIAOTHERKEY");
  });

  it("gives a connection object whose fields change the client of its new fields", () => {
    const connection = keySecretConnection();
    const first = getClients(connection, REGION).dynamodb;
    expect(getClients(connection, REGION).dynamodb).toBe(first);
    connection.fields.accessKeyId = "AKIACHANGEDKEY";
    const changed = getClients(connection, REGION).dynamodb;
    expect(changed).not.toBe(first);
    connection.fields.sessionToken = "a-session-token";
    expect(getClients(connection, REGION).dynamodb).not.toBe(changed);
    delete connection.fields.sessionToken;
    expect(getClients(connection, REGION).dynamodb).toBe(changed);
    connection.fields = { ...connection.fields };
    expect(getClients(connection, REGION).dynamodb).toBe(changed);
    expect(getClients(connection, "eu-west-1").dynamodb).not.toBe(changed);
    expect(getClients(connection, REGION, { maxAttempts: 2 }).dynamodb).not.toBe(changed);
    connection.key = "awsAssumeRole";
    expect(() => getClients(connection, REGION)).toThrow("Role ARN");
  });

  it("tells connections apart by their fields' text, whatever their order or object values hold", () => {
    const connection = keySecretConnection();
    const first = getClients(connection, REGION).dynamodb;
    const reordered = {
      ...connection,
      fields: Object.fromEntries(Object.entries(connection.fields).reverse()),
    };
    expect(getClients(reordered, REGION).dynamodb).toBe(first);
    // A field holding an object reads as blank text, whatever the object holds.
    const fields: Record<string, unknown> = { ...connection.fields, note: { a: 1 } };
    const withObject = { ...connection, fields } as typeof connection;
    const objectClient = getClients(withObject, REGION).dynamodb;
    fields.note = { b: 2 };
    expect(getClients(withObject, REGION).dynamodb).toBe(objectClient);
    fields.note = "";
    expect(getClients(withObject, REGION).dynamodb).toBe(objectClient);
    fields.note = "text";
    expect(getClients(withObject, REGION).dynamodb).not.toBe(objectClient);
    fields.note = 7;
    const numberClient = getClients(withObject, REGION).dynamodb;
    fields.note = "7";
    expect(getClients(withObject, REGION).dynamodb).toBe(numberClient);
    expect(getClients(connection, REGION).dynamodb).toBe(first);
  });

  it("drops the least recently used client when 32 are cached, however often the newest is reused", () => {
    const connection = (n: number) => keySecretConnection({ accessKeyId: `AKIALRU${n}` });
    const client = (n: number) => getClients(connection(n), REGION).dynamodb;
    const first = Array.from({ length: 32 }, (_, n) => client(n));
    // 31 is the newest: using it again leaves the order alone; then 0 is used, then 31 again.
    expect(client(31)).toBe(first[31]);
    expect(client(0)).toBe(first[0]);
    expect(client(31)).toBe(first[31]);
    // 31 new connections push out the 31 least recently used: 1 to 30, then 0.
    for (let n = 32; n < 63; n++) client(n);
    expect(cachedClientCount()).toBe(32);
    expect(client(31)).toBe(first[31]);
    expect(client(0)).not.toBe(first[0]);
  });

  it("gives one connection a client per region", async () => {
    await listTables(keySecretConnection(), "us-east-1");
    await listTables(keySecretConnection(), "eu-west-1");
    expect(cachedClientCount()).toBe(2);
    const regions = await Promise.all(
      ddbMock
        .commandCalls(ListTablesCommand)
        .map((call) => (call.thisValue as DynamoDBClient).config.region()),
    );
    expect(regions).toEqual(["us-east-1", "eu-west-1"]);
  });

  it("names AWS Region when it is blank, before any call", async () => {
    await expect(listTables(keySecretConnection(), "")).rejects.toThrow(/AWS Region is required/);
    await expect(listTables(keySecretConnection(), "   ")).rejects.toThrow(/AWS Region/);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it.each(["us east 1", "US-EAST-1", "useast1", "us-east-1a", "https://us-east-1"])(
    "rejects the malformed region %p by name",
    async (region) => {
      await expect(listTables(keySecretConnection(), region)).rejects.toThrow(
        /AWS Region ".*" is not a valid region code.*us-east-1/,
      );
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );

  it.each(["not a url", "ftp://localhost:8000", "localhost:8000"])(
    "rejects the Endpoint URL %p as a connection error",
    async (endpoint) => {
      const error = await listTables(keySecretConnection({ endpoint })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toMatch(/Endpoint URL/);
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );

  it("uses a valid Endpoint URL without its trailing slash", async () => {
    await listTables(keySecretConnection({ endpoint: "http://localhost:8000/" }));
    const client = ddbMock.commandCalls(ListTablesCommand)[0].thisValue as DynamoDBClient;
    const endpoint = await client.config.endpoint?.();
    expect(endpoint?.hostname).toBe("localhost");
    expect(endpoint?.port).toBe(8000);
  });

  it.each([
    "IntegrationRole",
    "arn:aws:iam::123:role/IntegrationRole",
    "arn:aws:iam::123456789012:user/someone",
  ])("rejects the malformed Role ARN %p by name", async (roleARN) => {
    const error = await listTables(assumeRoleConnection({ roleARN })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/Role ARN ".*" is not a role ARN/);
    expect((error as Error).message).not.toContain(TEST_SECRET);
    expect(ddbMock.calls()).toHaveLength(0);
    expect(stsMock.calls()).toHaveLength(0);
  });

  it("names a blank Secret Access Key without showing anything secret", async () => {
    const error = await listTables(keySecretConnection({ secretAccessKey: "" })).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/Secret Access Key is required/);
  });

  it("puts the session token into the credentials when one is given", async () => {
    const withToken = keySecretConnection({ sessionToken: "session-token-1234" });
    await listTables(withToken);
    const credentials = await getClients(withToken, REGION).dynamodb.config.credentials();
    expect(credentials.sessionToken).toBe("session-token-1234");
    const withoutToken = await getClients(
      keySecretConnection(),
      REGION,
    ).dynamodb.config.credentials();
    expect(withoutToken.sessionToken).toBeUndefined();
  });

  it("@aws-sdk/client-sts's STSClient is not the class the role provider uses", () => {
    // Why the nested class is mocked above: if this ever fails, the SDK has unified them and
    // mockClient(STSClient) from @aws-sdk/client-sts would work as well.
    expect(PublicSTSClient).not.toBe(STSClient);
  });
});

/**
 * Here DynamoDB is answered at the HTTP handler, so the SDK's real middleware runs: credentials
 * are resolved (calling STS for a role) and every request is signed, as in production.
 */
describe("client factory with real signing (HTTP handler stubbed)", () => {
  interface SentRequest {
    headers: Record<string, string>;
  }
  let sent: SentRequest[];

  /** Answers every DynamoDB request of this client with an empty ListTables page. */
  function stubHttp(client: DynamoDBClient): void {
    const handler = client.config.requestHandler as unknown as {
      handle: (request: SentRequest) => Promise<unknown>;
    };
    jest.spyOn(handler, "handle").mockImplementation(async (request: SentRequest) => {
      sent.push({ headers: { ...request.headers } });
      return {
        response: {
          statusCode: 200,
          headers: { "content-type": "application/x-amz-json-1.0" },
          body: Readable.from([Buffer.from(JSON.stringify({ TableNames: ["Customers"] }))]),
        },
      };
    });
  }

  beforeEach(() => {
    resetCaches();
    stsMock.reset();
    answerAssumeRole();
    sent = [];
  });

  afterEach(() => jest.restoreAllMocks());

  it("calls AssumeRole exactly once for 100 invocations, with the Role ARN and External ID", async () => {
    const connection = assumeRoleConnection();
    stubHttp(getClients(connection, REGION).dynamodb);
    for (let i = 0; i < 100; i++) {
      const result = await listTables(connection);
      expect(result).toEqual({ data: { tableNames: ["Customers"], lastEvaluatedTableName: null } });
    }
    expect(sent).toHaveLength(100);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
      RoleArn: ROLE_ARN,
      ExternalId: "external-id-42",
      RoleSessionName: "prismatic-aws-dynamodb",
      DurationSeconds: 3600,
    });
    expect(cachedClientCount()).toBe(1);
  });

  it("signs DynamoDB requests with the credentials STS returned", async () => {
    const connection = assumeRoleConnection();
    stubHttp(getClients(connection, REGION).dynamodb);
    await listTables(connection);
    const { headers } = sent[0];
    expect(headers.authorization).toContain(`Credential=${TEMP.AccessKeyId}/`);
    expect(headers.authorization).not.toContain("AKIAUNITTEST");
    expect(headers["x-amz-security-token"]).toBe(TEMP.SessionToken);
  });

  it("sends no ExternalId when the connection has none", async () => {
    const connection = assumeRoleConnection({ externalId: "" });
    stubHttp(getClients(connection, REGION).dynamodb);
    await listTables(connection);
    const input = stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(input.RoleArn).toBe(ROLE_ARN);
    expect("ExternalId" in input).toBe(false);
  });

  it("signs with the static keys and no STS call for Access Key and Secret", async () => {
    const connection = keySecretConnection();
    stubHttp(getClients(connection, REGION).dynamodb);
    await listTables(connection);
    expect(sent[0].headers.authorization).toContain("Credential=AKIAUNITTEST/");
    expect(sent[0].headers["x-amz-security-token"]).toBeUndefined();
    expect(stsMock.calls()).toHaveLength(0);
  });

  it("sends the session token with each request when the connection has one", async () => {
    const connection = keySecretConnection({ sessionToken: "session-token-1234" });
    stubHttp(getClients(connection, REGION).dynamodb);
    await listTables(connection);
    await listTables(connection);
    expect(sent.map((request) => request.headers["x-amz-security-token"])).toEqual([
      "session-token-1234",
      "session-token-1234",
    ]);
  });

  it("turns a refused AssumeRole into a ConnectionError without the secret", async () => {
    stsMock.reset();
    stsMock.on(AssumeRoleCommand).rejects(
      Object.assign(new Error(`User is not authorized (key ${TEST_SECRET})`), {
        name: "AccessDenied",
      }),
    );
    const connection = assumeRoleConnection();
    stubHttp(getClients(connection, REGION).dynamodb);
    const error = await listTables(connection).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /^AssumeRole failed for role arn:aws:iam::123456789012:role\/IntegrationRole in region us-east-1: AccessDenied/,
    );
    expect((error as Error).message).not.toContain(TEST_SECRET);
    expect(sent).toHaveLength(0);
  });
});
