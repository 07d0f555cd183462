/**
 * Redaction of what an endpoint echoes into an error, wherever it sits: in an answer body kept as
 * bytes, and nested deeper than redaction walks. The action runs with the SDK mocked.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import {
  connectionSecrets,
  redactDeep,
  releaseIssuedSecrets,
  rememberIssuedSecrets,
} from "../../src/aws/redaction";
import { allText } from "../support/allText";
import { harness, keySecretConnection, resetCaches, TEST_SECRET } from "../support/harness";

const TOKEN = "tOkEnDistinctiveSessionToken0123456789";
const ddbMock = mockClient(DynamoDBClient);

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});
afterAll(() => ddbMock.restore());

function nested(value: unknown, depth: number): unknown {
  let current = value;
  for (let level = 0; level < depth; level++) current = { n: current };
  return current;
}

async function failingCall(error: Error): Promise<Error> {
  ddbMock.on(DescribeTableCommand).rejects(error);
  return harness
    .action("describeTable", {
      awsConnection: keySecretConnection({ sessionToken: TOKEN }),
      awsRegion: "us-east-1",
      tableName: "Customers",
    })
    .then(
      () => {
        throw new Error("expected a failure");
      },
      (failure: Error) => failure,
    );
}

describe("an echoed secret in an answer body kept as bytes", () => {
  it.each([
    ["Uint8Array", (text: string) => new TextEncoder().encode(text)],
    ["Buffer", (text: string) => Buffer.from(text)],
  ])("is redacted from the error's cause ($response.body as a %s)", async (_kind, bytes) => {
    const echoed = Object.assign(new Error("bad"), {
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
      $response: { statusCode: 400, body: bytes(`{"extra":"tok=${TOKEN} key=${TEST_SECRET}"}`) },
    });
    const error = await failingCall(echoed);
    const text = allText(error);
    expect(text).toContain("tok=****");
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TEST_SECRET);
    const body = (error.cause as { $response: { body: Uint8Array } }).$response.body;
    expect(body).toBeInstanceOf(Uint8Array);
  });

  it("is redacted from what the debug log gets, bytes without a secret kept as they are", () => {
    const clean = new Uint8Array([0xff, 0x00, 0x41]);
    const line = redactDeep([{ body: Buffer.from(`x ${TOKEN}`), clean }], [TOKEN]);
    expect(Buffer.from(line[0].body).toString()).toBe("x ****");
    expect(Buffer.isBuffer(line[0].body)).toBe(true);
    expect(line[0].clean).toBe(clean);
  });
});

describe("an echoed secret nested deep", () => {
  it.each([13, 100, 2000])("is not in the error at depth %i", async (depth) => {
    const echoed = Object.assign(new Error("bad"), {
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
      detail: nested(`tok=${TOKEN}`, depth),
    });
    const error = await failingCall(echoed);
    expect(allText(error)).not.toContain(TOKEN);
    expect(JSON.stringify(error.cause)).not.toContain(TOKEN);
  });

  it("keeps nesting as deep as DynamoDB's 32 levels (in DynamoDB JSON) intact", () => {
    const item = nested({ S: "leaf" }, 66);
    const line = redactDeep([{ item, other: `t ${TOKEN}` }], [TOKEN]);
    expect(line[0].item).toEqual(item);
    expect(line[0].other).toBe("t ****");
  });
});

describe("temporary secrets an assumed role obtained", () => {
  it("stay redacted while their holder lives, however many other holders come and go", () => {
    const kept = {};
    rememberIssuedSecrets(kept, {
      secretAccessKey: "KeptTemporarySecret",
      sessionToken: "KeptToken-1",
    });
    const others = Array.from({ length: 300 }, () => ({}));
    for (const [index, other] of others.entries()) {
      rememberIssuedSecrets(other, {
        secretAccessKey: `Other-${index}`,
        sessionToken: `OtherToken-${index}`,
      });
    }
    for (const other of others) releaseIssuedSecrets(other);
    expect(connectionSecrets(undefined)).toEqual(["KeptTemporarySecret", "KeptToken-1"]);
    releaseIssuedSecrets(kept);
    expect(connectionSecrets(undefined)).toEqual([]);
  });

  it("a holder keeps its last four credential sets", () => {
    const holder = {};
    for (let refresh = 1; refresh <= 6; refresh++) {
      rememberIssuedSecrets(holder, {
        secretAccessKey: `Secret-${refresh}`,
        sessionToken: `Token-${refresh}`,
      });
    }
    expect(connectionSecrets(undefined)).toEqual(
      [3, 4, 5, 6].flatMap((refresh) => [`Secret-${refresh}`, `Token-${refresh}`]),
    );
    releaseIssuedSecrets(holder);
  });
});
