/**
 * A message echoes a number or boolean the user gave bare and text quoted, so that 0 and "0",
 * or true and "true", read apart: in show(), in the scalar inputs' refusals, and for the numbers
 * the JSON reader keeps exactly (LosslessNumber), which are numbers too.
 */
import { show } from "../../src/errors/inputError";
import { cleanBoolean, cleanChoice, cleanInteger } from "../../src/inputs/scalars";
import { parseJsonInput } from "../../src/values/json";
import { thrown } from "../support/outcome";

describe("show", () => {
  it("writes numbers and booleans bare, text quoted", () => {
    expect([show(7), show("7"), show(true), show("true"), show(10n)]).toStrictEqual([
      "7",
      '"7"',
      "true",
      '"true"',
      "10",
    ]);
  });

  it("keeps the sign of -0", () => {
    expect(show(-0)).toBe("-0");
  });

  it("writes a number the JSON reader kept exactly bare, as the number it is", () => {
    const big = parseJsonInput("12345678901234567890", "Value");
    expect(show(big)).toBe("12345678901234567890");
  });
});

describe("a scalar input's refusal", () => {
  it("echoes a number bare and text quoted", async () => {
    const maxItems = cleanInteger("Max Items", 1, 1000);
    expect((await thrown(() => maxItems(0))).message).toBe(
      "Max Items must be a whole number from 1 to 1000, not 0.",
    );
    expect((await thrown(() => maxItems("0"))).message).toBe(
      'Max Items must be a whole number from 1 to 1000, not "0".',
    );
  });

  it("echoes a number given for a boolean or a choice bare", async () => {
    expect((await thrown(() => cleanBoolean("Consistent Read")(1))).message).toBe(
      "Consistent Read must be true or false, not 1.",
    );
    const choice = cleanChoice("Select", ["ALL_ATTRIBUTES", "COUNT"]);
    expect((await thrown(() => choice(2))).message).toBe(
      "Select must be one of ALL_ATTRIBUTES, COUNT, not 2.",
    );
  });
});
