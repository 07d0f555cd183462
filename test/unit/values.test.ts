/**
 * The values layer: the ten type codes, every type converted both ways, bad values refused with a
 * plain Error naming the attribute and the input, numbers within DynamoDB's limits kept digit for
 * digit, typedPairsToMap pairing values with their types, plain JSON in, the output form of items,
 * parseCursor, and itemSize as DynamoDB counts an item's size.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { NumberValueImpl } from "@aws-sdk/util-dynamodb";
import { LosslessNumber } from "lossless-json";
import {
  type AttributeMap,
  attributeToPlain,
  formatItem,
  formatItems,
  itemSize,
  MAX_ITEM_BYTES,
  mapToPlain,
  parseCursor,
  parseJsonInput,
  plainToAttributeValue,
  plainToMap,
  TYPE_CODE_CHOICES,
  TYPE_CODES,
  toAttributeValue,
  toNumberString,
  typedPairsToMap,
} from "../../src/values";

const SOURCE = { attribute: "age", input: "Value" };
const LABELS = { values: "Expression Attribute Values", types: "Expression Attribute Value Types" };
const THIRTY_DIGITS = "123456789012345678901234567890";
const bytes = (...values: number[]) => new Uint8Array(values);

/** Runs `run`, which must throw a plain Error (never a TypeError) mentioning every `part`. */
function errorOf(run: () => unknown, ...parts: string[]): Error {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(Error);
  expect(caught).not.toBeInstanceOf(TypeError);
  expect(caught).not.toBeInstanceOf(SyntaxError);
  const message = (caught as Error).message;
  for (const part of parts) expect(message).toContain(part);
  return caught as Error;
}

describe("type codes", () => {
  it("lists the ten codes with their dropdown labels", () => {
    expect(TYPE_CODES).toEqual(["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"]);
    expect(TYPE_CODE_CHOICES).toEqual([
      { label: "String", value: "S" },
      { label: "Number", value: "N" },
      { label: "Binary", value: "B" },
      { label: "Boolean", value: "BOOL" },
      { label: "Null", value: "NULL" },
      { label: "List", value: "L" },
      { label: "Map", value: "M" },
      { label: "String Set", value: "SS" },
      { label: "Number Set", value: "NS" },
      { label: "Binary Set", value: "BS" },
    ]);
  });

  it("matches a type code case-insensitively after a trim", () => {
    expect(toAttributeValue("TRUE", " bool ", SOURCE)).toEqual({ BOOL: true });
    expect(toAttributeValue("7", "n", SOURCE)).toEqual({ N: "7" });
    expect(toAttributeValue('["a"]', "Ss", SOURCE)).toEqual({ SS: ["a"] });
  });

  it("an unknown type code lists the valid ones", () => {
    errorOf(
      () => toAttributeValue("x", "X", SOURCE),
      '"age"',
      "Value",
      '"X"',
      "S, N, B, BOOL, NULL, L, M, SS, NS, BS",
    );
    errorOf(() => toAttributeValue("x", undefined, SOURCE), '"age"', "Value", "no type");
    errorOf(() => toAttributeValue("x", 5, SOURCE), '"age"', "Value", "unknown type");
  });
});

describe("every type, both ways", () => {
  const cases: [string, unknown, string, AttributeValue, unknown][] = [
    ["S", "Ada", "S", { S: "Ada" }, "Ada"],
    ["S, empty", "", "S", { S: "" }, ""],
    ["S, number given", 42, "S", { S: "42" }, "42"],
    ["N", "42", "N", { N: "42" }, 42],
    ["N, decimal", "-3.5", "N", { N: "-3.5" }, -3.5],
    ["N, 30 digits", THIRTY_DIGITS, "N", { N: THIRTY_DIGITS }, THIRTY_DIGITS],
    ["N, exponent kept as typed", "1.2E+10", "N", { N: "1.2E+10" }, 12000000000],
    ["B", "SGVsbG8=", "B", { B: bytes(72, 101, 108, 108, 111) }, "SGVsbG8="],
    ["BOOL true", "true", "BOOL", { BOOL: true }, true],
    ["BOOL false", " FALSE ", "BOOL", { BOOL: false }, false],
    ["BOOL, real boolean", false, "BOOL", { BOOL: false }, false],
    ["NULL", "anything at all", "NULL", { NULL: true }, null],
    ["NULL, empty", "", "NULL", { NULL: true }, null],
    [
      "L",
      '[1, "two", true, null]',
      "L",
      { L: [{ N: "1" }, { S: "two" }, { BOOL: true }, { NULL: true }] },
      [1, "two", true, null],
    ],
    ["L, empty", "[]", "L", { L: [] }, []],
    [
      "M",
      '{"city": "London", "zip": 12345}',
      "M",
      { M: { city: { S: "London" }, zip: { N: "12345" } } },
      { city: "London", zip: 12345 },
    ],
    ["M, empty", "{}", "M", { M: {} }, {}],
    ["SS", '["red", "green", ""]', "SS", { SS: ["red", "green", ""] }, ["red", "green", ""]],
    ["NS", '[1, "2.50", -3]', "NS", { NS: ["1", "2.50", "-3"] }, [1, 2.5, -3]],
    ["BS", '["AAE=", "Ag"]', "BS", { BS: [bytes(0, 1), bytes(2)] }, ["AAE=", "Ag=="]],
  ];

  it.each(cases)("%s", (_name, raw, type, attribute, plain) => {
    const value = toAttributeValue(raw, type, SOURCE);
    expect(value).toEqual(attribute);
    expect(attributeToPlain(value)).toEqual(plain);
  });

  it("takes already-parsed values for L, M and the sets", () => {
    expect(toAttributeValue([1, "a"], "L", SOURCE)).toEqual({ L: [{ N: "1" }, { S: "a" }] });
    expect(toAttributeValue({ a: [true] }, "M", SOURCE)).toEqual({
      M: { a: { L: [{ BOOL: true }] } },
    });
    expect(toAttributeValue(["x", "y"], "SS", SOURCE)).toEqual({ SS: ["x", "y"] });
    expect(toAttributeValue([1, new LosslessNumber(THIRTY_DIGITS)], "NS", SOURCE)).toEqual({
      NS: ["1", THIRTY_DIGITS],
    });
    expect(toAttributeValue([bytes(1), "Ag=="], "BS", SOURCE)).toEqual({
      BS: [bytes(1), bytes(2)],
    });
  });

  it("takes bytes as they are for B", () => {
    const data = Buffer.from([9, 8, 7]);
    expect(toAttributeValue(data, "B", SOURCE)).toEqual({ B: data });
    expect(toAttributeValue(bytes(1, 2).buffer, "B", SOURCE)).toEqual({ B: bytes(1, 2) });
  });

  it("decodes standard and url-safe base64, with or without padding", () => {
    const expected = { B: bytes(251, 255, 191) };
    for (const text of ["+/+/", "-_-_", " +/+/\n"])
      expect(toAttributeValue(text, "B", SOURCE)).toEqual(expected);
    expect(toAttributeValue("AA", "B", SOURCE)).toEqual({ B: bytes(0) });
    expect(toAttributeValue("AA==", "B", SOURCE)).toEqual({ B: bytes(0) });
    expect(toAttributeValue("", "B", SOURCE)).toEqual({ B: bytes() });
  });
});

describe("bad values: a plain Error naming the attribute and the input", () => {
  it.each([
    "12abc",
    "1e400",
    "1".repeat(39),
    "",
    "   ",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "1_000",
    "1e",
    ".",
  ])("N %j", (raw) => {
    errorOf(() => toAttributeValue(raw, "N", SOURCE), 'attribute "age"', "Value", "has type N");
  });

  it("a number that is not a number says what a number looks like", () => {
    expect(errorOf(() => toAttributeValue("12abc", "N", SOURCE)).message).toBe(
      'Value: attribute "age" has type N but "12abc" is not a number. A number looks like 42, -3.5 or 1.2E+10 (up to 38 significant digits).',
    );
  });

  it("N from non-text values", () => {
    for (const raw of [Number.NaN, Number.POSITIVE_INFINITY, {}, [], true, null, undefined]) {
      errorOf(() => toAttributeValue(raw, "N", SOURCE), '"age"', "Value");
    }
  });

  it.each(["@@@", "A", "AAAAA", "AB=C", "AA=", "AAA==", "SGVs bG8=!", "+/-_"])("B %j", (raw) => {
    errorOf(() => toAttributeValue(raw, "B", SOURCE), '"age"', "Value", "base64");
  });

  it.each(["0", "1", "yes", "no", "", "truthy", "t"])("BOOL %j", (raw) => {
    errorOf(() => toAttributeValue(raw, "BOOL", SOURCE), '"age"', "Value", "true or false");
  });

  it.each(["SS", "NS", "BS"])("empty %s", (type) => {
    errorOf(() => toAttributeValue("[]", type, SOURCE), '"age"', "Value", "a set cannot be empty");
    errorOf(() => toAttributeValue([], type, SOURCE), '"age"', "Value", "a set cannot be empty");
  });

  it("duplicate set members, named", () => {
    errorOf(
      () => toAttributeValue('["a", "b", "a"]', "SS", SOURCE),
      '"age"',
      "Value",
      '"a"',
      "duplicates",
    );
    errorOf(
      () => toAttributeValue("[1, 2, 2]", "NS", SOURCE),
      '"age"',
      "Value",
      "but 2 appears",
      "duplicates",
    );
    // DynamoDB compares numbers by value: 1 and 1.0 are the same member.
    errorOf(
      () => toAttributeValue('[1, "1.0"]', "NS", SOURCE),
      '"age"',
      "Value",
      '"1.0"',
      "the same number as 1)",
    );
    errorOf(
      () => toAttributeValue('["AAE=", "AAE"]', "BS", SOURCE),
      '"age"',
      "Value",
      "duplicates",
    );
  });

  it("bad set members and shapes", () => {
    errorOf(
      () => toAttributeValue('[1, "x"]', "NS", SOURCE),
      '"age"',
      "Value",
      '"x" is not a number',
    );
    errorOf(() => toAttributeValue('["@@"]', "BS", SOURCE), '"age', "Value", "base64");
    errorOf(() => toAttributeValue('[{"a": 1}]', "SS", SOURCE), '"age"', "Value", "not text");
    errorOf(() => toAttributeValue('{"a": 1}', "SS", SOURCE), '"age"', "Value", "not a JSON array");
    errorOf(() => toAttributeValue("red, green", "SS", SOURCE), '"age"', "Value", "not valid JSON");
  });

  it("L given an object, M given an array", () => {
    errorOf(() => toAttributeValue('{"a": 1}', "L", SOURCE), '"age"', "Value", "not a list");
    errorOf(() => toAttributeValue({ a: 1 }, "L", SOURCE), '"age"', "Value", "not a list");
    errorOf(() => toAttributeValue("[1]", "M", SOURCE), '"age"', "Value", "not a map");
    errorOf(() => toAttributeValue("42", "M", SOURCE), '"age"', "Value", "not a map");
  });

  it("bad JSON in L and M", () => {
    errorOf(
      () => toAttributeValue("[1, 2", "L", SOURCE),
      '"age"',
      "Value",
      'Value: attribute "age" has type L but its value is not valid JSON',
      "[1,",
    );
    errorOf(
      () => toAttributeValue("{oops}", "M", SOURCE),
      '"age"',
      "Value",
      "not valid JSON",
      "position 1",
    );
  });

  it("a bad number deep inside M names the path", () => {
    errorOf(
      () => toAttributeValue('{"a": {"b": [1, 1e400]}}', "M", SOURCE),
      'attribute "age.a.b[1]"',
      "Value",
      "1e400",
    );
  });

  it("S given an object or nothing", () => {
    errorOf(() => toAttributeValue({ a: 1 }, "S", SOURCE), '"age"', "Value", "not text");
    errorOf(() => toAttributeValue(undefined, "S", SOURCE), '"age"', "Value", "no value");
  });
});

describe("numbers", () => {
  const number = (raw: unknown) => toNumberString(raw, SOURCE);

  it("accepts DynamoDB's limits exactly", () => {
    expect(number("12345678901234567890123456789012345678")).toBe(
      "12345678901234567890123456789012345678",
    );
    expect(number("-1.2345678901234567890123456789012345678E+125")).toBe(
      "-1.2345678901234567890123456789012345678E+125",
    );
    expect(number("1E-130")).toBe("1E-130");
    expect(number("9.99E+125")).toBe("9.99E+125");
    expect(number("9.9999999999999999999999999999999999999E+125")).toBe(
      "9.9999999999999999999999999999999999999E+125",
    );
    expect(number("0")).toBe("0");
    expect(number("-0")).toBe("-0");
    expect(number("0E+999")).toBe("0E+999");
  });

  it("rejects numbers beyond the limits", () => {
    errorOf(() => number("1E+126"), "outside", '"age"', "Value");
    errorOf(() => number("1E-131"), "outside", '"age"', "Value");
    errorOf(
      () => number("123456789012345678901234567890123456789"),
      "39 significant digits",
      '"age"',
    );
    errorOf(() => number("1e99999999999999999999999"), "outside", '"age"');
  });

  it("counts significant digits as DynamoDB does: leading and trailing zeros are free", () => {
    expect(number(`1${"0".repeat(40)}`)).toBe(`1${"0".repeat(40)}`);
    expect(number(`0.000${"1".repeat(38)}`)).toBe(`0.000${"1".repeat(38)}`);
    expect(number(`1.${"0".repeat(50)}`)).toBe(`1.${"0".repeat(50)}`);
  });

  it("trims surrounding whitespace and otherwise sends the text unchanged", () => {
    expect(number(" 7 ")).toBe("7");
    expect(number("\t-3.50\n")).toBe("-3.50");
    expect(number("+5")).toBe("+5");
    expect(number(".5")).toBe(".5");
    expect(number("5.")).toBe("5.");
    expect(number("1.2e10")).toBe("1.2e10");
  });

  it("accepts JS numbers, bigints, LosslessNumber and NumberValue", () => {
    expect(number(42)).toBe("42");
    expect(number(-0.5)).toBe("-0.5");
    expect(number(1e21)).toBe("1e+21");
    expect(number(12345678901234567890123n)).toBe("12345678901234567890123");
    expect(number(new LosslessNumber(THIRTY_DIGITS))).toBe(THIRTY_DIGITS);
    expect(number(NumberValueImpl.from(THIRTY_DIGITS))).toBe(THIRTY_DIGITS);
    errorOf(() => number(5e-324), "outside", '"age"');
  });

  it("keeps every digit of a 30-digit number nested in M and L, both ways", () => {
    const text = `{"a": {"b": [${THIRTY_DIGITS}, -${THIRTY_DIGITS}.5]}, "c": [[${THIRTY_DIGITS}e-5]]}`;
    const value = toAttributeValue(text, "M", SOURCE);
    expect(value).toEqual({
      M: {
        a: { M: { b: { L: [{ N: THIRTY_DIGITS }, { N: `-${THIRTY_DIGITS}.5` }] } } },
        c: { L: [{ L: [{ N: `${THIRTY_DIGITS}e-5` }] }] },
      },
    });
    expect(attributeToPlain(value)).toEqual({
      a: { b: [THIRTY_DIGITS, `-${THIRTY_DIGITS}.5`] },
      c: [[`${THIRTY_DIGITS}e-5`]],
    });
    const list = toAttributeValue(`[${THIRTY_DIGITS}]`, "L", SOURCE);
    expect(list).toEqual({ L: [{ N: THIRTY_DIGITS }] });
    expect(attributeToPlain(list)).toEqual([THIRTY_DIGITS]);
  });

  it("comes out as a JS number when a double holds its value (values compared, not texts)", () => {
    const out = (n: string) => attributeToPlain({ N: n });
    expect(out("42")).toBe(42);
    expect(out("-3.5")).toBe(-3.5);
    expect(out("0.1")).toBe(0.1);
    expect(out("1.50")).toBe(1.5);
    expect(out("0.0000001")).toBe(1e-7);
    expect(out("1e21")).toBe(1e21);
    expect(out("1E+2")).toBe(100);
    expect(out("-0")).toBe(0);
    expect(out("-0.0E-3")).toBe(0);
    // The nearest double is another number: the exact text stays.
    expect(out("9007199254740993")).toBe("9007199254740993");
    expect(out("12345678901234567890")).toBe("12345678901234567890");
    expect(out("0.30000000000000000001")).toBe("0.30000000000000000001");
    expect(out(THIRTY_DIGITS)).toBe(THIRTY_DIGITS);
  });
});

describe("typedPairsToMap", () => {
  const kv = (record: Record<string, unknown>) =>
    Object.entries(record).map(([key, value]) => ({ key, value }));

  it("pairs values with their types, from key-value lists, objects or JSON text", () => {
    const expected = { ":age": { N: "36" }, ":name": { S: "Ada" } };
    expect(
      typedPairsToMap(
        kv({ ":age": "36", ":name": "Ada" }),
        kv({ ":name": "S", ":age": "N" }),
        LABELS,
      ),
    ).toEqual(expected);
    expect(
      typedPairsToMap({ ":age": "36", ":name": "Ada" }, { ":age": "n", ":name": "s" }, LABELS),
    ).toEqual(expected);
    expect(
      typedPairsToMap(
        '{":age": "36", ":name": "Ada"}',
        '[{"key": ":age", "value": "N"}, {"key": ":name", "value": "S"}]',
        LABELS,
      ),
    ).toEqual(expected);
  });

  it("is empty for empty inputs", () => {
    for (const empty of [undefined, null, "", "  ", []])
      expect(typedPairsToMap(empty, empty, LABELS)).toEqual({});
    expect(typedPairsToMap([], undefined, LABELS)).toEqual({});
  });

  it("a value without a type", () => {
    const error = errorOf(
      () => typedPairsToMap(kv({ ":age": "36" }), [], LABELS),
      "Expression Attribute Value Types",
      '":age"',
    );
    expect(error.message).toBe(
      'Expression Attribute Value Types has no type for ":age"; add a row with key ":age" and one of S, N, B, BOOL, NULL, L, M, SS, NS, BS.',
    );
  });

  it("a type without a value", () => {
    errorOf(
      () => typedPairsToMap(kv({ ":a": "1" }), kv({ ":a": "N", ":b": "S" }), LABELS),
      "Expression Attribute Values has no value",
      '":b"',
    );
  });

  it("a NULL type needs no value", () => {
    expect(typedPairsToMap(kv({ ":a": "1" }), kv({ ":a": "N", ":n": "NULL" }), LABELS)).toEqual({
      ":a": { N: "1" },
      ":n": { NULL: true },
    });
  });

  it("an unknown type names the types input and the key", () => {
    errorOf(
      () => typedPairsToMap(kv({ ":a": "1" }), kv({ ":a": "X" }), LABELS),
      "Expression Attribute Value Types",
      '":a"',
      '"X"',
    );
    errorOf(
      () => typedPairsToMap(kv({ ":a": "1" }), kv({ ":a": "" }), LABELS),
      "Expression Attribute Value Types",
      '":a"',
      "no type",
    );
  });

  it("a bad value names the values input and the key", () => {
    errorOf(
      () => typedPairsToMap(kv({ ":a": "12abc" }), kv({ ":a": "N" }), LABELS),
      'Expression Attribute Values: attribute ":a"',
      "12abc",
    );
  });

  it("blank and duplicate keys", () => {
    errorOf(
      () => typedPairsToMap([{ key: " ", value: "1" }], kv({ ":a": "N" }), LABELS),
      "Expression Attribute Values",
      "blank key",
    );
    errorOf(
      () => typedPairsToMap(kv({ ":a": "1" }), [{ key: "", value: "N" }], LABELS),
      "Expression Attribute Value Types",
      "blank key",
    );
    errorOf(
      () =>
        typedPairsToMap(
          [
            { key: ":a", value: "1" },
            { key: ":a", value: "2" },
          ],
          kv({ ":a": "N" }),
          LABELS,
        ),
      "Expression Attribute Values",
      '":a"',
      "appears twice",
    );
    errorOf(
      () =>
        typedPairsToMap(
          kv({ ":a": "1" }),
          [
            { key: ":a", value: "N" },
            { key: ":a", value: "S" },
          ],
          LABELS,
        ),
      "Expression Attribute Value Types",
      '":a"',
      "appears twice",
    );
  });

  it("types in the values' order, in another order, or with a NULL type after them", () => {
    const values = kv({ ":a": "1", ":b": "x", ":c": "true" });
    const expected = { ":a": { N: "1" }, ":b": { S: "x" }, ":c": { BOOL: true } };
    expect(typedPairsToMap(values, kv({ ":a": "N", ":b": "S", ":c": "BOOL" }), LABELS)).toEqual(
      expected,
    );
    expect(typedPairsToMap(values, kv({ ":c": "BOOL", ":a": "N", ":b": "S" }), LABELS)).toEqual(
      expected,
    );
    const withNull = kv({ ":a": "N", ":b": "S", ":c": "BOOL", ":n": "NULL" });
    expect(typedPairsToMap(values, withNull, LABELS)).toEqual({
      ...expected,
      ":n": { NULL: true },
    });
    errorOf(
      () => typedPairsToMap(values, kv({ ":a": "N", ":b": "S" }), LABELS),
      "Expression Attribute Value Types",
      'no type for ":c"',
    );
    errorOf(
      () => typedPairsToMap(values, kv({ ":a": "N", ":x": "S", ":c": "BOOL" }), LABELS),
      "Expression Attribute Value Types",
      'no type for ":b"',
    );
  });

  it("finds a repeated key in short and long lists alike", () => {
    for (const length of [2, 16, 17, 40]) {
      const rows = Array.from({ length }, (_, i) => ({ key: `:k${i}`, value: "1" }));
      rows.push({ key: `:k${length - 1}`, value: "2" });
      const types = rows.map((row) => ({ key: row.key, value: "N" }));
      errorOf(
        () => typedPairsToMap(rows, types, LABELS),
        "Expression Attribute Values",
        `":k${length - 1}" appears twice`,
      );
    }
  });

  it("rows that are not key-value pairs", () => {
    errorOf(() => typedPairsToMap(["oops"], [], LABELS), "Expression Attribute Values", "row 1");
    errorOf(() => typedPairsToMap(42, [], LABELS), "Expression Attribute Values");
    errorOf(
      () => typedPairsToMap("{oops", [], LABELS),
      "Expression Attribute Values",
      "not valid JSON",
    );
  });

  it("keeps an attribute named __proto__ as an attribute", () => {
    const map = typedPairsToMap(
      [{ key: "__proto__", value: "x" }],
      [{ key: "__proto__", value: "S" }],
      LABELS,
    );
    expect(Object.keys(map)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(Object.keys(mapToPlain(map))).toEqual(["__proto__"]);
    expect(JSON.stringify(mapToPlain(map))).toBe('{"__proto__":"x"}');
  });

  it("gives an item's attributes in its order, replacing each value and dropping undefined ones", () => {
    const item = JSON.parse(
      '{"b": {"N": "2"}, "__proto__": {"M": {"a": {"S": "x"}}}, "1": {"BOOL": true}, "a": {"S": "y"}}',
    );
    Object.assign(item, { gone: undefined, last: { L: [{ N: "1.50" }] } });
    const plain = mapToPlain(item);
    expect(Object.keys(plain)).toEqual(["1", "b", "__proto__", "a", "last"]);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(JSON.stringify(plain)).toBe(
      '{"1":true,"b":2,"__proto__":{"a":"x"},"a":"y","last":[1.5]}',
    );
    expect(Object.hasOwn(plain, "gone")).toBe(false);
    expect(item.b).toEqual({ N: "2" });
  });
});

describe("plain JSON in", () => {
  it("plainToMap takes text (numbers lossless) or an object", () => {
    expect(
      plainToMap(
        `{"id": ${THIRTY_DIGITS}, "tags": ["a", 2], "ok": true, "none": null}`,
        "Item JSON",
      ),
    ).toEqual({
      id: { N: THIRTY_DIGITS },
      tags: { L: [{ S: "a" }, { N: "2" }] },
      ok: { BOOL: true },
      none: { NULL: true },
    });
    expect(plainToMap({ id: 7, data: Buffer.from([1]), skipped: undefined }, "Item JSON")).toEqual({
      id: { N: "7" },
      data: { B: Buffer.from([1]) },
    });
  });

  it("plainToMap rejects non-objects and bad JSON, naming the label", () => {
    errorOf(() => plainToMap("[1, 2]", "Item JSON"), "Item JSON", "JSON object");
    errorOf(() => plainToMap("42", "Item JSON"), "Item JSON");
    errorOf(() => plainToMap(null, "Item JSON"), "Item JSON");
    errorOf(() => plainToMap("{oops", "Item JSON"), "Item JSON", "not valid JSON");
    errorOf(() => plainToMap({ n: Number.NaN }, "Item JSON"), 'Item JSON: attribute "n"', "NaN");
    errorOf(() => plainToMap({ f: () => 1 }, "Item JSON"), 'Item JSON: attribute "f"', "function");
  });

  it("plainToAttributeValue converts any JSON value, and code-native extras", () => {
    expect(plainToAttributeValue("Rose", "Parameters")).toEqual({ S: "Rose" });
    expect(plainToAttributeValue(new LosslessNumber(THIRTY_DIGITS), "Parameters")).toEqual({
      N: THIRTY_DIGITS,
    });
    expect(plainToAttributeValue(NumberValueImpl.from(THIRTY_DIGITS), "Parameters")).toEqual({
      N: THIRTY_DIGITS,
    });
    expect(plainToAttributeValue(10n ** 30n, "Parameters")).toEqual({ N: `1${"0".repeat(30)}` });
    expect(plainToAttributeValue(null, "Parameters")).toEqual({ NULL: true });
    // A list keeps its members' places: an undefined member is refused, not skipped.
    expect(() => plainToAttributeValue([1, undefined, 2], "Parameters")).toThrow(
      'Parameters: attribute "[1]" has no value; give null for an empty place in a list.',
    );
    expect(plainToAttributeValue(new Set(["a", "b"]), "Parameters")).toEqual({ SS: ["a", "b"] });
    expect(plainToAttributeValue(new Set([1, 2]), "Parameters")).toEqual({ NS: ["1", "2"] });
    expect(plainToAttributeValue(new Map([["k", 1]]), "Parameters")).toEqual({
      M: { k: { N: "1" } },
    });
    expect(plainToAttributeValue(new Date("2024-01-02T03:04:05Z"), "Parameters")).toEqual({
      S: "2024-01-02T03:04:05.000Z",
    });
    expect(plainToAttributeValue(JSON.parse('{"__proto__": 1}'), "Parameters")).toEqual({
      M: JSON.parse('{"__proto__": {"N": "1"}}'),
    });
  });

  it("plainToAttributeValue errors are plain Errors naming the label", () => {
    errorOf(() => plainToAttributeValue(undefined, "Parameters[0]"), "Parameters[0]", "no value");
    errorOf(() => plainToAttributeValue(Symbol("x"), "Parameters[0]"), "Parameters[0]");
    errorOf(() => plainToAttributeValue(new Set(), "Parameters[0]"), "Parameters[0]", "empty");
    errorOf(() => plainToAttributeValue(new Set([{}]), "Parameters[0]"), "Parameters[0]");
    errorOf(
      () => plainToAttributeValue(new (class Thing {})(), "Parameters[0]"),
      "Parameters[0]",
      "Thing",
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    errorOf(() => plainToAttributeValue(cyclic, "Parameters[0]"), "Parameters[0]", "32 levels");
  });

  it("parseJsonInput keeps every digit and never echoes much of bad input", () => {
    const parsed = parseJsonInput(`{"n": ${THIRTY_DIGITS}}`, "Parameters") as { n: LosslessNumber };
    expect(parsed.n).toBeInstanceOf(LosslessNumber);
    expect(String(parsed.n)).toBe(THIRTY_DIGITS);
    const object = { a: 1 };
    expect(parseJsonInput(object, "Parameters")).toBe(object);
    const secretish = `{"a": ${"x".repeat(500)}}`;
    const error = errorOf(
      () => parseJsonInput(secretish, "Parameters"),
      "Parameters",
      "not valid JSON",
      "{",
    );
    expect(error.message).not.toContain("x".repeat(81));
  });
});

describe("output", () => {
  const item: AttributeMap = {
    id: { N: "1001" },
    big: { N: THIRTY_DIGITS },
    name: { S: "Ada" },
    photo: { B: bytes(255, 0, 1) },
    nothing: { NULL: true },
    ok: { BOOL: false },
    tags: { SS: ["a", "b"] },
    scores: { NS: ["1", THIRTY_DIGITS] },
    blobs: { BS: [bytes(1), bytes(2, 3)] },
    nested: { M: { list: { L: [{ B: bytes(4) }, { BS: [bytes(5)] }, { M: {} }] } } },
  };

  it("mapToPlain gives plain JSON: NULL -> null, sets -> arrays, B -> base64", () => {
    const plain = mapToPlain(item);
    expect(plain).toEqual({
      id: 1001,
      big: THIRTY_DIGITS,
      name: "Ada",
      photo: "/wAB",
      nothing: null,
      ok: false,
      tags: ["a", "b"],
      scores: [1, THIRTY_DIGITS],
      blobs: ["AQ==", "AgM="],
      nested: { list: ["BA==", ["BQ=="], {}] },
    });
    expect(Array.isArray(plain.tags)).toBe(true);
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
  });

  it("mapToPlain keeps the attributes' order, leaves out undefined ones and copies no value", () => {
    const withGap = {
      b: { S: "x" },
      a: { N: "2" },
      gone: undefined,
      c: { M: { d: { BOOL: true } } },
    };
    const plain = mapToPlain(withGap as unknown as AttributeMap);
    expect(Object.keys(plain)).toEqual(["b", "a", "c"]);
    expect(plain).toEqual({ b: "x", a: 2, c: { d: true } });
    expect(plain).not.toHaveProperty("gone");
    const proto = JSON.parse('{"z": {"S": "1"}, "__proto__": {"N": "1"}}') as AttributeMap;
    const fromProto = mapToPlain(proto);
    expect(Object.getPrototypeOf(fromProto)).toBe(Object.prototype);
    expect(Object.keys(fromProto)).toEqual(["z", "__proto__"]);
    expect(JSON.stringify(fromProto)).toBe('{"z":"1","__proto__":1}');
    expect(withGap.a).toEqual({ N: "2" });
  });

  it("formatItem returns the typed form in DynamoDB JSON mode, with binary as base64", () => {
    expect(formatItem(item, true)).toEqual({
      ...item,
      photo: { B: "/wAB" },
      blobs: { BS: ["AQ==", "AgM="] },
      nested: { M: { list: { L: [{ B: "BA==" }, { BS: ["BQ=="] }, { M: {} }] } } },
    });
    expect(formatItem(item)).toEqual(mapToPlain(item));
    expect(formatItem(item, false)).toEqual(mapToPlain(item));
  });

  it("formatItems maps a page, and an absent page is empty", () => {
    expect(formatItems(undefined)).toEqual([]);
    expect(formatItems([{ a: { N: "1" } }, { a: { N: "2" } }], false)).toEqual([
      { a: 1 },
      { a: 2 },
    ]);
    expect(formatItems([{ a: { N: "1" } }], true)).toEqual([{ a: { N: "1" } }]);
  });

  it("a value of an unknown type is a plain Error", () => {
    errorOf(() => attributeToPlain({ $unknown: ["X", 1] } as AttributeValue), "X");
    errorOf(() => attributeToPlain(undefined as unknown as AttributeValue), "DynamoDB value");
  });
});

describe("parseCursor", () => {
  const key: AttributeMap = {
    customerId: { N: THIRTY_DIGITS },
    orderedAt: { S: "2024-01-01" },
    raw: { B: bytes(1, 2) },
  };

  it("accepts what formatItem returned, plain or typed, as text or object", () => {
    const typed = formatItem(key, true);
    expect(parseCursor(typed, "Cursor")).toEqual(key);
    expect(parseCursor(JSON.stringify(typed), "Cursor")).toEqual(key);
    const plainKey = { customerId: { N: "7" }, orderedAt: { S: "2024-01-01" } };
    expect(parseCursor(formatItem(plainKey), "Cursor")).toEqual(plainKey);
    expect(parseCursor(JSON.stringify(formatItem(plainKey)), "Cursor")).toEqual(plainKey);
    // A big number comes back out as a string; in plain form that is text again.
    expect(parseCursor(`{"customerId": ${THIRTY_DIGITS}}`, "Cursor")).toEqual({
      customerId: { N: THIRTY_DIGITS },
    });
  });

  it("nothing is no cursor", () => {
    for (const empty of [undefined, null, "", "  ", {}, "{}"])
      expect(parseCursor(empty, "Cursor")).toBeUndefined();
  });

  it("errors name the label", () => {
    errorOf(() => parseCursor("[1]", "Exclusive Start Key"), "Exclusive Start Key");
    errorOf(
      () => parseCursor("{oops", "Exclusive Start Key"),
      "Exclusive Start Key",
      "not valid JSON",
    );
    errorOf(
      () => parseCursor('{"id": {"N": "abc"}}', "Exclusive Start Key"),
      "Exclusive Start Key",
      '"id"',
      "abc",
    );
    errorOf(
      () => parseCursor('{"id": {"B": "@@"}}', "Exclusive Start Key"),
      "Exclusive Start Key",
      '"id"',
      "base64",
    );
    errorOf(
      () => parseCursor('{"id": {"S": 5}}', "Exclusive Start Key"),
      "Exclusive Start Key",
      '"id"',
      "not text",
    );
  });
});

describe("itemSize", () => {
  it("follows DynamoDB's sizing rules", () => {
    expect(itemSize({})).toBe(0);
    expect(itemSize({ name: { S: "Ada" } })).toBe(4 + 3);
    expect(itemSize({ é: { S: "€" } })).toBe(2 + 3);
    expect(itemSize({ n: { N: "12345" } })).toBe(1 + 3 + 1);
    expect(itemSize({ n: { N: "-0.00120" } })).toBe(1 + 1 + 1);
    expect(itemSize({ b: { B: bytes(1, 2, 3) } })).toBe(1 + 3);
    expect(itemSize({ t: { BOOL: true }, u: { NULL: true } })).toBe(2 + 2);
    expect(itemSize({ l: { L: [{ S: "ab" }, { N: "1" }] } })).toBe(1 + 3 + 2 + 2 + 2);
    expect(itemSize({ m: { M: { k: { S: "ab" } } } })).toBe(1 + 3 + 1 + 1 + 2);
    expect(itemSize({ s: { SS: ["ab", "c"] }, b: { BS: [bytes(1)] } })).toBe(1 + 3 + 1 + 1);
  });

  it("a 500 KB string is over the limit; a small item is not", () => {
    expect(itemSize({ body: { S: "x".repeat(500 * 1024) } })).toBeGreaterThan(MAX_ITEM_BYTES);
    expect(itemSize({ id: { N: "1" }, body: { S: "x".repeat(1000) } })).toBeLessThan(
      MAX_ITEM_BYTES,
    );
    expect(MAX_ITEM_BYTES).toBe(409600);
  });
});
