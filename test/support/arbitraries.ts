/**
 * fast-check arbitraries for items as a user types them into the two key-value list inputs
 * (values + types), each with the plain output it must come back as.
 *
 * The expected values are computed here from the generated parts, not by the code under test:
 * - `expected`: what mapToPlain gives for the item as sent (number strings exactly as typed).
 * - `expectedStored`: what comes back after DynamoDB Local has stored it. It normalises the
 *   numbers of N attributes and NS members (1.50E+2 -> 150, -0 -> 0, 1E-130 -> 0.000...1) but
 *   keeps numbers inside L and M as sent (checked against the engine). Sets are listed in `sets`:
 *   DynamoDB does not keep the order of set members, so compare those attributes sorted.
 *
 * Top-level attribute names are never "__proto__": the AWS SDK's response deserialiser returns
 * such an attribute as undefined. Map keys inside M may be "__proto__" (those survive).
 */
import fc from "fast-check";
import type { TypeCode } from "../../src/values";

export interface Row {
  key: string;
  value: string;
}

/** One attribute: its name, type code and the text a user would type for it. */
export interface TypedCell {
  name: string;
  type: TypeCode;
  /** The type as typed, e.g. " bool" (type codes are matched case-insensitively after a trim). */
  typeText: string;
  input: string;
  expected: unknown;
  expectedStored: unknown;
}

export interface TypedItem {
  /** The values input, as spectral gives a key-value list. */
  values: Row[];
  /** The types input, in an order that may differ from values. */
  types: Row[];
  cells: TypedCell[];
  expected: Record<string, unknown>;
  expectedStored: Record<string, unknown>;
  /** Names of the set attributes (SS, NS, BS). */
  sets: string[];
}

export interface TypedItemOptions {
  /** Type codes to draw from; all ten by default. */
  types?: readonly TypeCode[];
  /** Only numbers that a JS number prints back exactly (so plain output keeps them numbers). */
  jsNumbersOnly?: boolean;
  minAttributes?: number;
  maxAttributes?: number;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** A decimal number built from parts, so that its value is known without parsing it. */
export interface NumberParts {
  negative: boolean;
  /** Significant digits, first and last non-zero ("" for zero). */
  digits: string;
  /** Decimal exponent of the first digit: 1.5E+3 -> 3. */
  exponent: number;
}

/** DynamoDB's canonical form of a number: plain decimal, no exponent, no superfluous zeros. */
export function canonicalNumber(parts: NumberParts): string {
  const { negative, digits, exponent } = parts;
  if (digits === "") return "0";
  let text: string;
  if (exponent < 0) text = `0.${"0".repeat(-exponent - 1)}${digits}`;
  else if (exponent + 1 >= digits.length) text = digits + "0".repeat(exponent + 1 - digits.length);
  else text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  return negative ? `-${text}` : text;
}

/**
 * The plain output rule, from the number's known parts: a JS number when the nearest double has
 * the same decimal value (its shortest printed form, read as a decimal, is this number), else the
 * exact text as stored. Zero of either sign is 0.
 */
export function plainNumber(text: string, parts: NumberParts): number | string {
  const exact = canonicalNumber(parts);
  const double = Number(exact);
  if (double === 0) return parts.digits === "" ? 0 : text;
  return canonicalNumber(partsOfPrinted(String(double))) === exact ? double : text;
}

const DIGIT = fc.constantFrom(..."0123456789");
const NON_ZERO = fc.constantFrom(..."123456789");

/** 1 to 38 significant digits: first and last non-zero. */
const significantDigits = fc
  .tuple(NON_ZERO, fc.string({ unit: DIGIT, maxLength: 36 }), NON_ZERO, fc.boolean())
  .map(([first, middle, last, single]) => (single ? first : first + middle + last));

export interface NumberCase {
  /** How the user types it. */
  text: string;
  parts: NumberParts;
}

/** A number written any way DynamoDB accepts: sign, leading and trailing zeros, point, exponent. */
export function writtenNumber(json: boolean): fc.Arbitrary<NumberCase> {
  return fc
    .record({
      negative: fc.boolean(),
      plus: fc.boolean(),
      digits: significantDigits,
      trailingZeros: fc.integer({ min: 0, max: 3 }),
      // How many of the written digits come before the point (may exceed the digits: more zeros).
      pointAt: fc.integer({ min: -4, max: 45 }),
      withPoint: fc.boolean(),
      bareFraction: fc.boolean(),
      leadingZeros: fc.integer({ min: 0, max: 2 }),
      exponent: fc.option(
        fc.record({
          value: fc.integer({ min: -140, max: 140 }),
          letter: fc.constantFrom("e", "E"),
          plus: fc.boolean(),
        }),
      ),
    })
    .map((r) => {
      let written = r.digits + "0".repeat(r.trailingZeros);
      let pointAt = r.pointAt;
      if (pointAt > written.length) written += "0".repeat(pointAt - written.length);
      let mantissa: string;
      if (pointAt <= 0) {
        const fraction = "0".repeat(-pointAt) + written;
        mantissa = json || !r.bareFraction ? `0.${fraction}` : `.${fraction}`;
      } else if (pointAt < written.length) {
        mantissa = `${written.slice(0, pointAt)}.${written.slice(pointAt)}`;
      } else {
        pointAt = written.length;
        mantissa = r.withPoint && !json ? `${written}.` : written;
      }
      if (!json && pointAt > 0) mantissa = "0".repeat(r.leadingZeros) + mantissa;
      // The first digit sits at position pointAt - 1 relative to the point.
      let exponent = pointAt - 1;
      let suffix = "";
      if (r.exponent) {
        // Keep the value inside DynamoDB's range: first digit between 1E-130 and 1E+125.
        const shift = Math.max(-130 - exponent, Math.min(125 - exponent, r.exponent.value));
        exponent += shift;
        const sign = shift < 0 ? "-" : r.exponent.plus ? "+" : "";
        suffix = `${r.exponent.letter}${sign}${Math.abs(shift)}`;
      }
      const sign = r.negative ? "-" : r.plus && !json ? "+" : "";
      return {
        text: `${sign}${mantissa}${suffix}`,
        parts: { negative: r.negative, digits: r.digits, exponent },
      };
    });
}

const ZERO_TEXTS = ["0", "-0", "0.0", "0.000", "0e5", "-0.0E-3"];

const zero: fc.Arbitrary<NumberCase> = fc.constantFrom(...ZERO_TEXTS).map((text) => ({
  text,
  parts: { negative: false, digits: "", exponent: 0 },
}));

/** Parts of a number that JS prints (String(n)), read from that text. */
export function partsOfPrinted(text: string): NumberParts {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) throw new Error(`unexpected number text ${text}`);
  const [, sign, whole, fraction = "", exp = "0"] = match;
  const all = whole + fraction;
  const first = all.search(/[1-9]/);
  if (first < 0) return { negative: false, digits: "", exponent: 0 };
  const digits = all.slice(first).replace(/0+$/, "");
  return { negative: sign === "-", digits, exponent: Number(exp) + whole.length - 1 - first };
}

/** Numbers as JS prints them: these come back out as JS numbers. */
export const printedNumber: fc.Arbitrary<NumberCase> = fc
  .oneof(
    fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e125, max: 1e125 }),
  )
  .filter((n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e125))
  .map((n) => {
    const text = String(n);
    return { text, parts: partsOfPrinted(text) };
  });

function numberCase(json: boolean, jsNumbersOnly: boolean): fc.Arbitrary<NumberCase> {
  if (jsNumbersOnly) return printedNumber;
  return fc.oneof(
    { weight: 3, arbitrary: writtenNumber(json) },
    { weight: 2, arbitrary: printedNumber },
    { weight: 1, arbitrary: zero },
  );
}

// ---------------------------------------------------------------------------------------------
// Leaves

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.constantFrom("", " ", "42", "true", "null", '{"a":1}', "[1]"),
);

/** Map key names: never blank; now and then one that is special to JS objects. */
const mapKey = fc
  .oneof(
    { weight: 20, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
    { weight: 5, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "toString", ":value") },
  )
  .filter((name) => name.trim() !== "");

const attributeName = mapKey.filter((name) => name !== "__proto__");

const bytes = fc.uint8Array({ maxLength: 40 });

/** Base64 as users paste it: standard or url-safe, with or without padding. */
function base64Text(data: Uint8Array): fc.Arbitrary<string> {
  const standard = Buffer.from(data).toString("base64");
  const url = standard.replace(/\+/g, "-").replace(/\//g, "_");
  return fc.constantFrom(standard, standard.replace(/=+$/, ""), url, url.replace(/=+$/, ""));
}

const binary = bytes.chain((data) =>
  base64Text(data).map((input) => ({
    data,
    input,
    expected: Buffer.from(data).toString("base64"),
  })),
);

function randomCase(word: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
}

const padding = fc.constantFrom("", " ", "  ", "\t", " \n");

// ---------------------------------------------------------------------------------------------
// JSON trees for L and M

interface JsonCase {
  json: string;
  expected: unknown;
  expectedStored: unknown;
}

function numberLeaf(jsNumbersOnly: boolean): fc.Arbitrary<JsonCase> {
  return numberCase(true, jsNumbersOnly).map(({ text, parts }) => ({
    json: text,
    expected: plainNumber(text, parts),
    expectedStored: plainNumber(text, parts),
  }));
}

function leaf(jsNumbersOnly: boolean): fc.Arbitrary<JsonCase> {
  const same = (value: unknown): JsonCase => ({
    json: JSON.stringify(value),
    expected: value,
    expectedStored: value,
  });
  return fc.oneof(
    text.map(same),
    numberLeaf(jsNumbersOnly),
    fc.boolean().map(same),
    fc.constant(null).map(same),
  );
}

function listOf(member: fc.Arbitrary<JsonCase>): fc.Arbitrary<JsonCase> {
  return fc.array(member, { maxLength: 4 }).map((members) => ({
    json: `[${members.map((m) => m.json).join(", ")}]`,
    expected: members.map((m) => m.expected),
    expectedStored: members.map((m) => m.expectedStored),
  }));
}

function mapOf(member: fc.Arbitrary<JsonCase>): fc.Arbitrary<JsonCase> {
  return fc
    .uniqueArray(fc.tuple(mapKey, member), { selector: ([key]) => key, maxLength: 4 })
    .map((entries) => ({
      json: `{${entries.map(([key, m]) => `${JSON.stringify(key)}: ${m.json}`).join(", ")}}`,
      // fromEntries defines own properties, so a "__proto__" key stays a key.
      expected: Object.fromEntries(entries.map(([key, m]) => [key, m.expected])),
      expectedStored: Object.fromEntries(entries.map(([key, m]) => [key, m.expectedStored])),
    }));
}

/** Any JSON value whose containers nest at most `depth` deep. */
function jsonValue(depth: number, jsNumbersOnly: boolean): fc.Arbitrary<JsonCase> {
  if (depth === 0) return leaf(jsNumbersOnly);
  const inner = jsonValue(depth - 1, jsNumbersOnly);
  return fc.oneof(
    { weight: 3, arbitrary: leaf(jsNumbersOnly) },
    { weight: 1, arbitrary: listOf(inner) },
    { weight: 1, arbitrary: mapOf(inner) },
  );
}

// ---------------------------------------------------------------------------------------------
// Cells

type CellValue = Pick<TypedCell, "input" | "expected" | "expectedStored">;

function cellValue(type: TypeCode, jsNumbersOnly: boolean): fc.Arbitrary<CellValue> {
  switch (type) {
    case "S":
      return text.map((input) => ({ input, expected: input, expectedStored: input }));
    case "N":
      return fc
        .tuple(numberCase(false, jsNumbersOnly), padding, padding)
        .map(([{ text: typed, parts }, before, after]) => ({
          // Surrounding whitespace is trimmed; everything else is sent exactly as typed.
          input: `${before}${typed}${after}`,
          expected: plainNumber(typed, parts),
          expectedStored: plainNumber(canonicalNumber(parts), parts),
        }));
    case "B":
      return binary.map(({ input, expected }) => ({ input, expected, expectedStored: expected }));
    case "BOOL":
      return fc.tuple(fc.boolean(), padding, padding).chain(([value, before, after]) =>
        randomCase(String(value)).map((word) => ({
          input: `${before}${word}${after}`,
          expected: value,
          expectedStored: value,
        })),
      );
    case "NULL":
      return fc
        .oneof(fc.constant(""), text)
        .map((input) => ({ input, expected: null, expectedStored: null }));
    case "L":
      return listOf(jsonValue(2, jsNumbersOnly)).map(toCell);
    case "M":
      return mapOf(jsonValue(2, jsNumbersOnly)).map(toCell);
    case "SS":
      return fc.uniqueArray(text, { minLength: 1, maxLength: 5 }).map((members) => ({
        input: JSON.stringify(members),
        expected: members,
        expectedStored: members,
      }));
    case "NS":
      return fc
        .uniqueArray(
          fc.oneof(
            numberCase(true, jsNumbersOnly).map((n) => ({ ...n, member: n.text })),
            // A member may also be a JSON string holding a number, e.g. "+1.50".
            numberCase(false, jsNumbersOnly).map((n) => ({ ...n, member: JSON.stringify(n.text) })),
          ),
          { minLength: 1, maxLength: 5, selector: (n) => canonicalNumber(n.parts) },
        )
        .map((members) => ({
          input: `[${members.map((m) => m.member).join(", ")}]`,
          expected: members.map((m) => plainNumber(m.text, m.parts)),
          expectedStored: members.map((m) => plainNumber(canonicalNumber(m.parts), m.parts)),
        }));
    case "BS":
      return fc
        .uniqueArray(binary, { minLength: 1, maxLength: 4, selector: (b) => b.expected })
        .map((members) => ({
          input: JSON.stringify(members.map((m) => m.input)),
          expected: members.map((m) => m.expected),
          expectedStored: members.map((m) => m.expected),
        }));
  }
}

function toCell(value: JsonCase): CellValue {
  return { input: value.json, expected: value.expected, expectedStored: value.expectedStored };
}

const ALL_TYPES: readonly TypeCode[] = ["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"];

function typeText(type: TypeCode): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(type) },
    {
      weight: 1,
      arbitrary: fc.tuple(randomCase(type), padding).map(([t, pad]) => `${pad}${t}${pad}`),
    },
  );
}

function typedCell(
  types: readonly TypeCode[],
  jsNumbersOnly: boolean,
): fc.Arbitrary<Omit<TypedCell, "name">> {
  return fc
    .constantFrom(...types)
    .chain((type) =>
      fc
        .tuple(typeText(type), cellValue(type, jsNumbersOnly))
        .map(([text, value]) => ({ type, typeText: text, ...value })),
    );
}

/** An item as rows of (attribute name, type code, typed text), with its expected plain output. */
export function typedItem(options: TypedItemOptions = {}): fc.Arbitrary<TypedItem> {
  const types = options.types ?? ALL_TYPES;
  return fc
    .tuple(
      fc.uniqueArray(fc.tuple(attributeName, typedCell(types, options.jsNumbersOnly ?? false)), {
        selector: ([name]) => name,
        minLength: options.minAttributes ?? 1,
        maxLength: options.maxAttributes ?? 8,
      }),
      fc.boolean(),
    )
    .map(([entries, reverseTypes]) => {
      const cells: TypedCell[] = entries.map(([name, cell]) => ({ name, ...cell }));
      const types = cells.map((c) => ({ key: c.name, value: c.typeText }));
      return {
        values: cells.map((c) => ({ key: c.name, value: c.input })),
        types: reverseTypes ? types.reverse() : types,
        cells,
        expected: Object.fromEntries(cells.map((c) => [c.name, c.expected])),
        expectedStored: Object.fromEntries(cells.map((c) => [c.name, c.expectedStored])),
        sets: cells
          .filter((c) => c.type === "SS" || c.type === "NS" || c.type === "BS")
          .map((c) => c.name),
      };
    });
}
