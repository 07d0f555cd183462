/**
 * A cancelled transaction names each failed entry with the reason the endpoint gave. That reason
 * is endpoint text: a line break or terminal escape in it is written as an escape in the step's
 * message (as in every other AWS error), so it cannot start a forged log line, and a secret in it
 * is masked.
 */
import {
  ExecuteTransactionCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { mockCustomersTable } from "../support/customersMock";
import { harness, keySecretConnection, TEST_SECRET } from "../support/harness";
import { validParams } from "./corpus/model";

const ddbMock = mockCustomersTable();

const FORGED = `bad value\n2026-12-06T00:00:00Z [ERROR] forged line \u001b[31mred\u2028 key ${TEST_SECRET}`;
/** Control characters, and the line and paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function cancelled(reason: { Code: string; Message: string }) {
  return new TransactionCanceledException({
    message: "Transaction cancelled, please refer cancellation reasons for specific reasons",
    $metadata: {},
    CancellationReasons: [reason],
  });
}

const REASONS: [string, { Code: string; Message: string }][] = [
  ["a ValidationError message", { Code: "ValidationError", Message: FORGED }],
  ["an unknown reason code", { Code: `Odd\nCode ${TEST_SECRET}`, Message: FORGED }],
];

describe.each(["transactWriteItems", "executeTransaction"])("%s cancelled", (key) => {
  it.each(REASONS)(
    "with %s holding a line break and escapes: the message has them escaped",
    async (_kind, reason) => {
      if (key === "executeTransaction")
        ddbMock.on(ExecuteTransactionCommand).rejects(cancelled(reason));
      else ddbMock.on(TransactWriteItemsCommand).rejects(cancelled(reason));
      const error = await harness
        .action(key, { ...validParams(key), awsConnection: keySecretConnection() })
        .then(
          () => undefined,
          (thrown: Error) => thrown,
        );
      expect(error?.name).toBe("TransactionCanceledException");
      expect(error?.message).not.toMatch(UNPRINTABLE);
      expect(error?.message).toContain(
        "\\n2026-12-06T00:00:00Z [ERROR] forged line \\u001b[31mred\\u2028",
      );
      expect(error?.message).not.toContain(TEST_SECRET);
    },
  );
});
