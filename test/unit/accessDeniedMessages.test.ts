/**
 * Which refusals name a permission: AccessDeniedException, AccessDenied, UnauthorizedOperation and
 * other HTTP 403 refusals do; credential, clock and unreadable answers do not. Without the request
 * (an SDK mock), the permission comes from the operation the step named, and none is guessed for
 * a step of several calls ("CreateTable (waiting until ACTIVE)").
 */
import { noteFailedRequest, toActionError } from "../../src/aws/errors";
import { keySecretConnection } from "../support/harness";

const refusal = (name: string, status = 400) =>
  Object.assign(new Error("no"), { name, $metadata: { httpStatusCode: status } });
const context = (operation = "GetItem") => ({
  operation,
  region: "eu-west-1",
  table: "Orders",
  connection: keySecretConnection(),
});
const NEEDS = "The step needs dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:*:table/Orders";

describe("a refused request's message", () => {
  it.each([
    ["AccessDeniedException", 400],
    ["AccessDenied", 403],
    ["UnauthorizedOperation", 403],
    ["Forbidden", 403],
  ])("names the permission for %s (HTTP %d)", (name, status) => {
    expect(toActionError(refusal(name, status), context()).message).toContain(NEEDS);
  });

  it.each([
    ["ExpiredTokenException", 400],
    ["InvalidSignatureException", 403],
    ["RequestTimeTooSkewed", 403],
    ["ResourceNotFoundException", 400],
    ["ValidationException", 400],
  ])("names none for %s (HTTP %d)", (name, status) => {
    expect(toActionError(refusal(name, status), context()).message).not.toContain("The step needs");
  });

  it("guesses none for a step of several calls when the request is unknown", () => {
    const message = toActionError(
      refusal("AccessDeniedException"),
      context("CreateTable (waiting until ACTIVE)"),
    ).message;
    expect(message).toMatch(/^CreateTable \(waiting until ACTIVE\) failed/);
    expect(message).not.toContain("The step needs");
  });

  it.each(["ExecuteStatement", "TransactWriteItems", "BatchWriteItem"])(
    "guesses none for %s when the request is unknown: its permission depends on the request",
    (operation) => {
      const message = toActionError(refusal("AccessDeniedException"), context(operation)).message;
      expect(message).not.toContain("The step needs");
    },
  );

  it.each([
    ["CreatePipe", "pipes:CreatePipe on arn:aws:pipes:eu-west-1:*:pipe/dynamodb-changes-*"],
    [
      "UpdateConnection",
      "events:UpdateConnection on arn:aws:events:eu-west-1:*:connection/dynamodb-changes-*",
    ],
    [
      "DeleteApiDestination",
      "events:DeleteApiDestination on arn:aws:events:eu-west-1:*:api-destination/dynamodb-changes-*",
    ],
  ])("names the Pipes or EventBridge permission of a refused %s", (operation, needs) => {
    const error = refusal("AccessDeniedException");
    noteFailedRequest(error, operation, { Name: "dynamodb-changes-0123" });
    const message = toActionError(error, context(operation)).message;
    expect(message).toContain(`The step needs ${needs},`);
    expect(message).not.toContain("dynamodb:");
  });

  it("names at most ten permissions, and cuts a long name from a statement", () => {
    const statements = Array.from({ length: 25 }, (_, i) => ({
      Statement: `DELETE FROM "t${i}${i === 0 ? "x".repeat(5_000) : ""}" WHERE k = 1`,
    }));
    const error = refusal("AccessDeniedException");
    noteFailedRequest(error, "BatchExecuteStatement", { Statements: statements });
    const message = toActionError(error, context("BatchExecuteStatement")).message;
    expect(message).toContain(`dynamodb:PartiQLDelete on arn:aws:dynamodb:eu-west-1:*:table/t0xx`);
    expect(message).toContain(
      "dynamodb:PartiQLDelete on arn:aws:dynamodb:eu-west-1:*:table/t9 and 15 more,",
    );
    expect(message).not.toContain("table/t10");
    expect(message.length).toBeLessThan(2_500);
  });

  it("keeps the existing hint before it, and stays on one line", () => {
    const message = toActionError(refusal("AccessDeniedException"), context()).message;
    expect(message).toBe(
      `GetItem failed on table "Orders" in region eu-west-1: AccessDeniedException: no. The credentials are valid but lack permission for this operation on this resource. ${NEEDS}, which the IAM user or role of the connection's Access Key ID lacks (or a policy denies). Generate IAM Policy writes a policy that grants it.`,
    );
  });
});
