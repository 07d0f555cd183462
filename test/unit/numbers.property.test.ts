/**
 * The output rule for numbers, checked both ways over random decimals: a number comes back as a
 * JSON number exactly when a double holds its value (values compared, not texts), and otherwise
 * as its exact decimal text. The oracle reads decimals with BigInt, independently of src.
 */
import fc from "fast-check";
import { attributeToPlain } from "../../src/values";
import { printedNumber, writtenNumber } from "../support/arbitraries";

const RUNS = 2000;

/** A decimal text as sign, integer digits and a power of ten, trailing zeros removed. */
function decimal(text: string): { negative: boolean; digits: bigint; power: number } {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  let digits = BigInt(`0${whole}${fraction}`);
  let power = Number(exponent) - fraction.length;
  if (digits === 0n) return { negative: false, digits, power: 0 };
  while (digits % 10n === 0n) {
    digits /= 10n;
    power += 1;
  }
  return { negative: sign === "-", digits, power };
}

function sameValue(a: string, b: string): boolean {
  const x = decimal(a);
  const y = decimal(b);
  return x.negative === y.negative && x.digits === y.digits && x.power === y.power;
}

/** The rule, checked on one text: whichever form comes out, it must be the right one. */
function checkRule(text: string): void {
  const out = attributeToPlain({ N: text });
  const nearest = Number(text);
  if (typeof out === "number") {
    // A number only when it carries the same value: JSON writes String(out), a reader reads that.
    expect(sameValue(JSON.stringify(out), text)).toBe(true);
    expect(Object.is(out, -0)).toBe(false);
  } else {
    // A string only when no double holds the value: the nearest double is another number.
    expect(out).toBe(text);
    expect(sameValue(String(nearest), text)).toBe(false);
  }
}

describe("numbers come out as JSON numbers exactly when a double holds their value", () => {
  it("random decimals written any way DynamoDB accepts", () => {
    fc.assert(
      fc.property(writtenNumber(false), ({ text }) => checkRule(text)),
      { numRuns: RUNS },
    );
  });

  it("every spelling of a double's value comes back as that double", () => {
    const spelled = fc.record({
      number: printedNumber,
      trailingZeros: fc.integer({ min: 0, max: 4 }),
      leadingZeros: fc.integer({ min: 0, max: 4 }),
      asFraction: fc.boolean(),
    });
    fc.assert(
      fc.property(spelled, ({ number, trailingZeros, leadingZeros, asFraction }) => {
        const { negative, digits, exponent } = number.parts;
        // The value is digits × 10^(exponent - digits.length + 1); spell it with extra zeros,
        // as an integer mantissa or as 0.000ddd, with the exponent to match.
        const mantissa = (digits === "" ? "0" : digits) + "0".repeat(trailingZeros);
        const power = exponent - mantissa.length + 1;
        const sign = negative ? "-" : "";
        const text = asFraction
          ? `${sign}0.${"0".repeat(leadingZeros)}${mantissa}e${power + mantissa.length + leadingZeros}`
          : `${sign}${mantissa}e${power}`;
        checkRule(text);
        expect(attributeToPlain({ N: text })).toBe(Number(number.text) + 0);
      }),
      { numRuns: RUNS },
    );
  });

  it("more significant digits than a double keeps stay exact strings", () => {
    const long = fc
      .tuple(
        fc.constantFrom(..."123456789"),
        fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 16, maxLength: 36 }),
        fc.constantFrom(..."123456789"),
        fc.integer({ min: -20, max: 20 }),
      )
      .map(([first, middle, last, power]) => `${first}${middle}${last}e${power}`);
    fc.assert(
      fc.property(long, (text) => {
        checkRule(text);
        // 18+ significant digits with a non-zero last digit: no double's shortest form (at most
        // 17 digits) has this value.
        expect(attributeToPlain({ N: text })).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it("plain decimals of at most 15 significant digits come back as Number of their text", () => {
    const plain = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^(0|[1-9]\d{0,14})$/),
        fc.stringMatching(/^(\d{0,8}[1-9])?$/),
      )
      .map(
        ([negative, whole, fraction]) =>
          `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`,
      );
    fc.assert(
      fc.property(plain, (text) => {
        checkRule(text);
        if (String(Number(text)) === text) expect(attributeToPlain({ N: text })).toBe(Number(text));
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ["1.50", 1.5],
    ["0.000001", 1e-6],
    ["-0.0000012", -0.0000012],
    ["0.00000012", 1.2e-7],
    ["123456789012345", 123456789012345],
    ["-999999999999999.5", -999999999999999.5],
    ["9007199254740993", "9007199254740993"],
    ["1234567890123456", 1234567890123456],
    ["0.10", 0.1],
    ["-0.0", 0],
    ["+5", 5],
    ["007", 7],
    ["0.0000001", 1e-7],
    ["1e21", 1e21],
    ["-0", 0],
    ["12345678901234567890", "12345678901234567890"],
  ])("%s comes out as %p", (text, expected) => {
    expect(attributeToPlain({ N: text })).toStrictEqual(expected);
    checkRule(text);
  });
});
