/**
 * The version check compares versions by the one key value comparison (sameKeyValue), so a
 * version and a number key written the same ways are judged alike: however the given version is
 * written (text or number, 7, 7.0, 70E-1, 007, digits past 2^53), it is the Expected Version
 * exactly when sameKeyValue says the two numbers are one.
 */
import fc from "fast-check";
import { versionedPatch, versionLock } from "../../src/engines/versioning";
import { InputError } from "../../src/inputs";
import { sameKeyValue } from "../../src/values";

const FORMS = ["plain", "fraction", "exponent", "zeros"] as const;

/** A whole number written one of the ways DynamoDB reads as that number. */
function written(value: bigint, form: (typeof FORMS)[number]): string {
  const text = value.toString();
  if (form === "fraction") return `${text}.000`;
  if (form === "exponent") return `${text}0E-1`;
  if (form === "zeros") return `00${text}`;
  return text;
}

/** Does Update JSON's version attribute count as the Expected Version? */
function accepted(expected: string, given: unknown): boolean {
  const lock = versionLock({ versionAttribute: "version", expectedVersion: expected });
  try {
    versionedPatch(lock, { version: given, status: "done" }, "Update JSON");
    return true;
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
}

describe("the version check compares as key values do", () => {
  it("a version given as text is accepted exactly when sameKeyValue calls the numbers one", () => {
    const number = fc.bigInt({ min: 0n, max: 10n ** 30n });
    fc.assert(
      // Half the runs give the expected number itself, in one of its written forms.
      fc.property(
        number,
        number,
        fc.boolean(),
        fc.constantFrom(...FORMS),
        (expected, other, same, form) => {
          const given = written(same ? expected : other, form);
          const alike = sameKeyValue({ N: given }, { N: expected.toString() });
          expect(accepted(expected.toString(), given)).toBe(alike);
          if (same) expect(alike).toBe(true);
        },
      ),
    );
  });

  it("the same number written another way is the version; a neighbour past 2^53 is not", () => {
    expect(accepted("9007199254740993", "90071992547409930E-1")).toBe(true);
    expect(accepted("9007199254740993", "9007199254740992")).toBe(false);
    expect(accepted("12", 12)).toBe(true);
    expect(accepted("12", "12.5")).toBe(false);
  });
});
