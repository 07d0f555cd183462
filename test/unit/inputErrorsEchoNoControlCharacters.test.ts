/**
 * An input error that repeats what the user gave never carries a raw control character (a
 * newline that would start a forged log line, an ANSI escape that would recolour or clear a
 * terminal, a line separator, a bidirectional override): each is written as an escape, wherever
 * the message is built. The rest of the message is unchanged.
 */
import { InputError } from "../../src/errors/inputError";
import { cleanChoice, cleanInteger, cleanQueryParameters } from "../../src/inputs";
import { cleanReplicaKmsKey } from "../../src/inputs/globalTables";

/** Each raw character a message must not carry, and how it must be written instead. */
const CONTROL = ["\n", "\r", "\u001b", "\u2028", "\u202e"];

/** The InputError `clean` throws. */
function inputError(clean: () => unknown): InputError {
  try {
    clean();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

const hostile = "5\n\r\u001b[2J\u2028\u202eX";

describe("input errors echo user text without control characters", () => {
  it.each([
    ["a whole number", () => cleanInteger("Replica Read Capacity Units", 1)(hostile)],
    ["a choice", () => cleanChoice("Replica Table Class", ["STANDARD"])(hostile)],
    ["a KMS key", () => cleanReplicaKmsKey(hostile)],
    ["a Query Parameters name", () => cleanQueryParameters([{ key: hostile, value: "1" }])],
  ])("%s", (_, clean) => {
    const message = inputError(clean).message;
    for (const character of CONTROL) expect(message.includes(character)).toBe(false);
    expect(message).toContain("\\u001b[2J");
  });

  it("leaves a message without control characters as it was", () => {
    expect(inputError(() => cleanInteger("Limit", 1)("ten")).message).toBe(
      'Limit must be a whole number 1 or more, not "ten".',
    );
  });
});
