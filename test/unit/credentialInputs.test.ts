/**
 * Connection fields that would end in a TypeError or leak: a credential with a character no HTTP
 * header may carry, and an Endpoint URL with a user name and password or a line break. Each is a
 * ConnectionError naming the field by its label, before anything is sent, and never echoes the
 * value; the echoed user text that remains is printable.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import { getClients } from "../../src/aws/client";
import { connectionError, toActionError } from "../../src/aws/errors";
import { connectionSecrets, maskedConnection } from "../../src/aws/redaction";
import { printable } from "../../src/common/text";
import { assumeRoleConnection, keySecretConnection, resetCaches } from "../support/harness";

const dynamo = mockClient(DynamoDBClient);

beforeEach(() => {
  resetCaches();
  dynamo.reset();
});

afterAll(() => dynamo.restore());

/** The error getClients throws for `connection`; fails the test when it throws none. */
function refusal(connection: ReturnType<typeof keySecretConnection>): Error {
  try {
    getClients(connection, "us-east-1");
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected getClients to refuse the connection");
}

describe("credential fields that no HTTP header can carry", () => {
  it.each([
    ["Access Key ID", keySecretConnection({ accessKeyId: "AKIAÄÖÜ123456789" })],
    ["Secret Access Key", keySecretConnection({ secretAccessKey: "wJalr–XUtnFEMI/K7MDENG" })],
    ["Session Token", keySecretConnection({ sessionToken: "FwoGZXIvYXdz\u00e9tokenvalue" })],
    ["Session Token", keySecretConnection({ sessionToken: "FwoGZX IvYXdz" })],
    ["Access Key ID", assumeRoleConnection({ accessKeyId: "AKIA\u2013UNITTEST" })],
    ["Secret Access Key", assumeRoleConnection({ secretAccessKey: "secret\nline" })],
  ])("a bad %s is a ConnectionError naming it, without its value", (label, connection) => {
    const error = refusal(connection);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(`The connection's ${label} holds a character`);
    const field = Object.values(connection.fields).find(
      (value) => typeof value === "string" && /[^\x21-\x7e]/.test(value.trim()),
    ) as string;
    expect(error.message).not.toContain(field.trim());
  });

  it("an External ID outside AWS's pattern is a ConnectionError naming it", () => {
    const error = refusal(assumeRoleConnection({ externalId: "ext\u00e9rnal id" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("The connection's External ID is not one AWS accepts");
    expect(error.message).not.toContain("ext\u00e9rnal");
  });

  it("a Role ARN with a line break is refused without the raw line break", () => {
    const error = refusal(
      assumeRoleConnection({ roleARN: "arn:aws:iam::123456789012:role/A\nforged log line" }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).not.toContain("\n");
  });
});

describe("Endpoint URL", () => {
  const PASSWORD = "hunter2-Pa55word";

  it("with user:password@ is refused naming the field, and the password appears nowhere", () => {
    const connection = keySecretConnection({
      endpoint: `https://admin:${PASSWORD}@dynamodb.us-east-1.amazonaws.com`,
    });
    const error = refusal(connection) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("Endpoint URL must not hold a user name or password");
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
    expect(JSON.stringify(error.connection)).not.toContain(PASSWORD);
    expect(JSON.stringify(maskedConnection(connection))).not.toContain(PASSWORD);
    expect(connectionSecrets(connection)).toContain(PASSWORD);
  });

  it("with a password but no valid URL around it still never echoes the password", () => {
    const connection = keySecretConnection({ endpoint: `ht!tp://u:${PASSWORD}@host name` });
    const error = refusal(connection);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).not.toContain(PASSWORD);
  });

  it("that is not a URL but holds an @ is not echoed", () => {
    const error = refusal(keySecretConnection({ endpoint: `1admin:${PASSWORD}@host` }));
    expect(error.message).toMatch(/^Endpoint URL is not a URL/);
    expect(error.message).not.toContain(PASSWORD);
  });

  it.each([
    ["a line break", "http://localhost:8000\nFAKE LOG LINE"],
    ["a tab", "http://local\thost:8000"],
    ["an ANSI escape", "http://localhost:8000/\u001b[31m"],
  ])("with %s is refused, and the message holds no control character", (_what, endpoint) => {
    const error = refusal(keySecretConnection({ endpoint }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("Endpoint URL holds a control character");
    expect(printable(error.message)).toBe(error.message);
  });

  it("an endpoint's password echoed in an AWS error is redacted", () => {
    const connection = keySecretConnection({ endpoint: `https://u:${PASSWORD}@h.example` });
    const error = toActionError(
      Object.assign(new Error(`refused for ${encodeURIComponent(PASSWORD)}`), { name: "X" }),
      { operation: "GetItem", region: "us-east-1", connection },
    );
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).toContain("refused for ****");
  });
});

describe("printable", () => {
  it("escapes C0, C1 and DEL, and keeps everything else", () => {
    expect(printable("a\nb\r\tc\u001b[31md\u0085e\u007ff\u00e9\u2013")).toBe(
      "a\\nb\\r\\tc\\u001b[31md\\u0085e\\u007ff\u00e9\u2013",
    );
    const plain = "Müller, 東京";
    expect(printable(plain)).toBe(plain);
  });

  it("an AWS message with a line break and an ANSI escape reaches the step's message escaped", () => {
    const error = toActionError(
      Object.assign(new Error("bad\nINFO forged line \u001b[2J"), { name: "ValidationException" }),
      { operation: "GetItem", region: "us-east-1" },
    );
    expect(error.message).toContain("bad\\nINFO forged line \\u001b[2J");
    expect(connectionError(keySecretConnection(), "a\nb").message).toBe("a\\nb");
  });
});
