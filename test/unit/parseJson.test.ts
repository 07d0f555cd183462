/**
 * parseJsonInput takes JSON.parse's fast path where it can; it must give what the lossless parser
 * gives: the same DynamoDB values or the same error, every digit of numbers a double cannot hold
 * kept, duplicate keys refused.
 */
import fc from "fast-check";
import { parse } from "lossless-json";
import { parseJsonInput, plainToAttributeValue } from "../../src/values";

describe("parseJsonInput", () => {
  const numberText = fc.oneof(
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.stringMatching(/^-?(0|[1-9]\d{0,40})(\.\d{1,20})?([eE][+-]?\d{1,2})?$/),
  );
  const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      numberText,
      fc.string().map((s) => JSON.stringify(s)),
      fc.constantFrom("true", "false", "null"),
      fc.array(tie("value"), { maxLength: 4 }).map((members) => `[${members.join(",")}]`),
      fc
        .array(fc.tuple(fc.string({ maxLength: 4 }), tie("value")), { maxLength: 4 })
        .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
    ),
  })).value;

  it("gives the same DynamoDB values as the lossless parser, or the same error", () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        // The whole way to DynamoDB: a value, or the error that rejects it.
        const outcome = (read: () => unknown) => {
          try {
            return { value: plainToAttributeValue(read(), "Value") };
          } catch (error) {
            return { error: (error as Error).message.replace(/\(.*\)/, "") };
          }
        };
        const lossless = outcome(() => parse(text));
        const actual = outcome(() => parseJsonInput(text, "Value"));
        if ("error" in lossless) expect(actual).toHaveProperty("error");
        else expect(actual).toEqual(lossless);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps every digit of numbers a double cannot hold, and rejects duplicate keys", () => {
    expect(
      plainToAttributeValue(parseJsonInput("[123456789012345678901234567890, 1.50]", "L"), "L"),
    ).toEqual({
      L: [{ N: "123456789012345678901234567890" }, { N: "1.50" }],
    });
    expect(() => parseJsonInput('{"a": 1, "a": 2}', "Item JSON")).toThrow(
      /Item JSON is not valid JSON/,
    );
  });

  it.each([
    '{"a" \t\r\n: 1, "a"  :2}',
    '{"k\\"ey": {"a":1}, "k\\"ey"\n:[]}',
    '[{"x": "a:b"}, {"x" : 1, "x": 2}]',
  ])("finds a duplicate key after any JSON whitespace or escaped quote: %s", (text) => {
    expect(() => parseJsonInput(text, "Item JSON")).toThrow(/Item JSON is not valid JSON/);
  });

  it.each([
    ['{"a" \t\r\n: 1, "b"  :2}', { a: 1, b: 2 }],
    ['{"a:": "b\\" : c", "c" :["d:"]}', { "a:": 'b" : c', c: ["d:"] }],
  ])("reads keys separated by any JSON whitespace: %s", (text, expected) => {
    expect(parseJsonInput(text, "Item JSON")).toEqual(expected);
  });
});
