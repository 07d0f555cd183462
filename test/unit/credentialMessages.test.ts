/**
 * What a refused credential's message says, for each connection type and cause: an expired
 * session token of an Access Key connection, an assumed role's session refused before and after
 * it was renewed, and a signing time AWS refused because this machine's clock is off.
 */
import { ConnectionError } from "@prismatic-io/spectral";
import {
  assumeRoleError,
  markRefusedAfterRenewal,
  sessionRefusal,
  toActionError,
} from "../../src/aws/errors";
import { assumeRoleConnection, keySecretConnection } from "../support/harness";

const awsError = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });

const where = (connection: ReturnType<typeof keySecretConnection>) => ({
  operation: "GetItem",
  region: "us-east-1",
  table: "Customers",
  connection,
});

describe("an expired or refused session", () => {
  const expired = () => awsError("ExpiredTokenException", "The security token is expired");

  it("of an AWS Role ARN connection never asks to renew the connection's credentials", () => {
    const error = toActionError(expired(), where(assumeRoleConnection()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("a later step assumes the role again");
    expect(error.message).not.toMatch(/renew the connection's credentials|Session Token/);
  });

  it("of an AWS Role ARN connection, refused again after renewal, says so", () => {
    const refused = expired();
    markRefusedAfterRenewal(refused);
    const error = toActionError(refused, where(assumeRoleConnection()));
    expect(error.message).toContain("refused the new one that assuming the role again");
  });

  it("of an Access Key connection with a Session Token asks for new temporary keys", () => {
    const error = toActionError(expired(), where(keySecretConnection({ sessionToken: "FwoG" })));
    expect(error.message).toContain("Session Token has expired");
  });

  it.each([
    ["ExpiredTokenException", "expired"],
    ["UnrecognizedClientException", "expired"],
    ["InvalidSignatureException", "expired"],
    ["AccessDeniedException", "denied"],
    ["ValidationException", undefined],
  ])("%s is a refusal of kind %s", (name, kind) => {
    expect(sessionRefusal(awsError(name, "refused"))).toBe(kind);
  });
});

describe("a refused signing time (clock skew)", () => {
  const skewed = (serverOffsetMs: number | undefined) =>
    awsError(
      "InvalidSignatureException",
      "Signature expired: 20260101T000000Z is now earlier than 20260101T002500Z (20260101T003000Z - 5 min.)",
      serverOffsetMs === undefined
        ? {}
        : {
            $response: {
              statusCode: 400,
              headers: { date: new Date(Date.now() + serverOffsetMs).toUTCString() },
            },
          },
    );

  it("gives the difference from the answer's Date header, and blames the clock, not the keys", () => {
    const error = toActionError(skewed(30 * 60_000), where(keySecretConnection()));
    expect(error.message).toContain("this machine's clock is about 30 minutes behind AWS's");
    expect(error.message).not.toContain("Secret Access Key");
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(error.name).toBe("InvalidSignatureException");
  });

  it("is not taken for a refused session (no renewal of a role for it)", () => {
    expect(sessionRefusal(skewed(undefined))).toBeUndefined();
  });
});

describe("AssumeRole failing", () => {
  const throttled = awsError("Throttling", "Rate exceeded");
  const context = {
    connection: assumeRoleConnection(),
    region: "us-east-1",
    roleArn: "arn:aws:iam::123456789012:role/IntegrationRole",
  };

  it("at first says the request that needed the role was not sent, never that no request was", () => {
    const error = assumeRoleError(throttled, context);
    expect(error.message).toContain(
      "The connection's role could not be assumed, so the DynamoDB request that needed it was not sent.",
    );
    expect(error.message).not.toContain("no DynamoDB request was sent");
  });

  it("on renewal says the session could not be renewed", () => {
    const error = assumeRoleError(throttled, { ...context, renewing: true });
    expect(error.message).toContain("The role's session could not be renewed");
  });
});
