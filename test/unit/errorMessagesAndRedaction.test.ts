/**
 * What a failed AWS call says: toActionError names the operation, table and region, adds a hint,
 * keeps the AWS error as the cause and turns credential errors into ConnectionErrors; redact
 * removes every secret (the connection's and the temporary ones STS handed out) in raw, trimmed,
 * URL-encoded, form-encoded and base64 forms; callAws maps a failure the same way, and so does a
 * step run through the harness.
 */
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import { callAws, toActionError } from "../../src/aws/errors";
import { connectionSecrets, redact, rememberIssuedSecrets } from "../../src/aws/redaction";
import { harness, keySecretConnection, resetCaches, TEST_SECRET } from "../support/harness";

const SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

const context = (overrides: Record<string, unknown> = {}) => ({
  operation: "GetItem",
  table: "Customers",
  region: "eu-west-1",
  connection: keySecretConnection({ sessionToken: SESSION_TOKEN }),
  ...overrides,
});

/** Stands for the cached client that obtained temporary credentials. */
const holder = {};

describe("toActionError", () => {
  it("names the operation, the table and the region", () => {
    const error = toActionError(
      new ResourceNotFoundException({ message: "Requested resource not found", $metadata: {} }),
      context(),
    );
    expect(error.message).toMatch(
      /^GetItem failed on table "Customers" in region eu-west-1: ResourceNotFoundException: Requested resource not found/,
    );
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error).not.toBeInstanceOf(ConnectionError);
  });

  it("leaves the table out when the operation has none", () => {
    const error = toActionError(awsError("InternalServerError", "boom"), {
      operation: "ListTables",
      region: "us-west-2",
    });
    expect(error.message).toBe("ListTables failed in region us-west-2: InternalServerError: boom");
  });

  it.each([
    ["ResourceNotFoundException", /table \(or index\) exists in this region/],
    ["ConditionalCheckFailedException", /Condition Expression was false/],
    ["ProvisionedThroughputExceededException", /throttling/],
    ["ResourceInUseException", /Wait until it is ACTIVE/],
  ])("adds a hint to %s", (name, hint) => {
    expect(toActionError(awsError(name, "x"), context()).message).toMatch(hint);
  });

  it("adds a network hint to refused connections", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), {
      code: "ECONNREFUSED",
    });
    expect(toActionError(refused, context()).message).toMatch(/Check the Endpoint URL/);
  });

  it("keeps the AWS error as the cause", () => {
    const original = new ConditionalCheckFailedException({
      message: "The conditional request failed",
      $metadata: {},
    });
    const error = toActionError(original, context()) as Error & { cause?: unknown };
    expect(error.cause).toBe(original);
  });

  it.each([
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "AccessDeniedException",
    "AccessDenied",
  ])("turns %s into a ConnectionError", (name) => {
    const error = toActionError(awsError(name, "The security token is invalid"), context());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/GetItem failed on table "Customers" in region eu-west-1/);
  });

  it("keeps a credential error a plain Error when no connection is known", () => {
    const error = toActionError(awsError("UnrecognizedClientException", "bad key"), {
      operation: "GetItem",
      region: "eu-west-1",
    });
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/Check the Access Key ID/);
  });

  it("never shows the secret access key or the session token", () => {
    const leaky = awsError(
      "InvalidSignatureException",
      `Signature mismatch for key ${TEST_SECRET} and token ${SESSION_TOKEN}; expected ${TEST_SECRET}`,
    );
    const error = toActionError(leaky, context());
    expect(error.message).not.toContain(TEST_SECRET);
    expect(error.message).not.toContain(SESSION_TOKEN);
    expect(error.message).toContain("****");
    const plain = toActionError(awsError("ValidationException", `bad ${TEST_SECRET}`), context());
    expect(plain.message).toBe(
      'GetItem failed on table "Customers" in region eu-west-1: ValidationException: bad ****',
    );
  });

  it("returns a ConnectionError it is given unchanged", () => {
    const original = new ConnectionError(keySecretConnection(), "Role ARN is wrong");
    expect(toActionError(original, context())).toBe(original);
  });
});

describe("redact", () => {
  it("replaces every occurrence of each secret", () => {
    expect(redact("a SECRET1 b SECRET1 c TOKEN22", ["SECRET1", "TOKEN22"])).toBe(
      "a **** b **** c ****",
    );
  });

  it("ignores values too short to be secrets, and non-strings", () => {
    expect(redact("abc 123", ["abc", 123, undefined])).toBe("abc 123");
  });

  const SECRET = "  wJalr/XUtn+FEMI=K7MDENG/bPxRfiCY  ";
  const trimmed = SECRET.trim();

  it("replaces the trimmed, URL-encoded (either hex case) and form-encoded forms", () => {
    const uri = encodeURIComponent(trimmed);
    for (const form of [
      trimmed,
      uri,
      uri.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
      new URLSearchParams({ s: trimmed }).toString().slice(2),
    ]) {
      expect(redact(`echo: ${form}.`, [SECRET])).toBe("echo: ****.");
    }
  });

  it("replaces the base64 forms at every alignment inside longer base64 text", () => {
    for (const prefix of ["", "x", "xy", "xyz"]) {
      for (const encoding of ["base64", "base64url"] as const) {
        const encoded = Buffer.from(`${prefix}${trimmed}!tail`).toString(encoding);
        const redacted = redact(`blob ${encoded}`, [SECRET]);
        expect(redacted).toContain("****");
        // At most a few characters at either edge stay, never the whole secret's encoding.
        expect(redacted.length).toBeLessThan(`blob ${encoded}`.length - 30);
      }
    }
  });

  it("replaces the temporary credentials STS handed out, for any connection", () => {
    rememberIssuedSecrets(holder, {
      secretAccessKey: "temporary/Secret+Key",
      sessionToken: "IQoJb3JpZ2luTemporaryToken",
    });
    expect(connectionSecrets(undefined)).toEqual(
      expect.arrayContaining(["temporary/Secret+Key", "IQoJb3JpZ2luTemporaryToken"]),
    );
    const error = toActionError(
      awsError(
        "ValidationException",
        `echo temporary%2FSecret%2BKey ${Buffer.from("IQoJb3JpZ2luTemporaryToken").toString("base64")}`,
      ),
      context(),
    );
    expect(error.message).toBe(
      'GetItem failed on table "Customers" in region eu-west-1: ValidationException: echo **** ****',
    );
    expect(JSON.stringify((error as Error & { cause?: unknown }).cause)).not.toContain(
      "temporary%2F",
    );
  });
});

describe("callAws", () => {
  it("returns the call's result", async () => {
    await expect(callAws(context(), async () => 42)).resolves.toBe(42);
  });

  it("maps the call's failure", async () => {
    await expect(
      callAws(context(), async () => {
        throw awsError("ResourceNotFoundException", "not found");
      }),
    ).rejects.toThrow(/^GetItem failed on table "Customers" in region eu-west-1/);
  });
});

describe("errors through an action", () => {
  const ddbMock = mockClient(DynamoDBClient);

  beforeEach(() => {
    resetCaches();
    ddbMock.reset();
  });

  afterAll(() => ddbMock.restore());

  it("names operation, table and region, and redacts the secret", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .rejects(awsError("ResourceNotFoundException", `Table missing (signed with ${TEST_SECRET})`));
    const error = await harness
      .action("describeTable", {
        awsConnection: keySecretConnection(),
        awsRegion: "eu-west-1",
        tableName: "Missing",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const { message } = error as Error;
    expect(message).toMatch(/^DescribeTable failed on table "Missing" in region eu-west-1/);
    expect(message).toMatch(/Check that the table/);
    expect(message).not.toContain(TEST_SECRET);
  });

  it("flags the connection on a credential error", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .rejects(awsError("UnrecognizedClientException", "The security token is invalid."));
    const error = await harness
      .action("describeTable", {
        awsConnection: keySecretConnection(),
        awsRegion: "eu-west-1",
        tableName: "Customers",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });
});
