/**
 * The value conversions over random items of every type: typed key-value rows become exactly the
 * expected AttributeMap and plain JSON, numbers keep every digit, plain items round trip through
 * plainToMap and mapToPlain, and every type round trips through the typed (DynamoDB JSON) output
 * and parseCursor.
 */
import fc from "fast-check";
import {
  type AttributeMap,
  formatItem,
  mapToPlain,
  parseCursor,
  plainToMap,
  typedPairsToMap,
} from "../../src/values";
import { isBlank, isBlankText } from "../../src/values/primitives";
import { itemSize, itemSizeAtMost } from "../../src/values/size";
import { isTypedValue } from "../../src/values/typed";
import { type TypedItem, typedItem } from "../support/arbitraries";

const LABELS = { values: "Value", types: "Value Types" };
const RUNS = 1000;

function toMap(item: TypedItem): AttributeMap {
  return typedPairsToMap(item.values, item.types, LABELS);
}

describe("typed key-value rows -> AttributeMap -> plain JSON", () => {
  it("gives exactly the expected plain value for every type (1,000 random items)", () => {
    fc.assert(
      fc.property(typedItem(), (item) => {
        const plain = mapToPlain(toMap(item));
        expect(plain).toEqual(item.expected);
        // The output is plain JSON: serialising it loses nothing (no Set, NumberValue or bytes).
        expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps every number digit for digit in the AttributeValue", () => {
    fc.assert(
      fc.property(typedItem({ types: ["N"] }), (item) => {
        const map = toMap(item);
        for (const cell of item.cells) {
          expect(map[cell.name]).toEqual({ N: cell.input.trim() });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("round trips plain items: plainToMap(mapToPlain(x)) equals x (no binary, no sets)", () => {
    fc.assert(
      fc.property(
        typedItem({ types: ["S", "N", "BOOL", "NULL", "L", "M"], jsNumbersOnly: true }),
        (item) => {
          const map = toMap(item);
          const plain = mapToPlain(map);
          // An item whose every value reads as a typed value ({"L": false}) is taken for
          // DynamoDB JSON and refused, as documented: no round trip to check there.
          const values = Object.values(plain);
          fc.pre(values.length === 0 || !values.every(isTypedValue));
          expect(plainToMap(plain, "Item JSON")).toEqual(map);
          // The same through JSON text, as a flow would pass it on.
          expect(plainToMap(JSON.stringify(mapToPlain(map)), "Item JSON")).toEqual(map);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("round trips every type through the typed (DynamoDB JSON) output and parseCursor", () => {
    fc.assert(
      fc.property(typedItem(), (item) => {
        const map = toMap(item);
        const typed = formatItem(map, true);
        expect(parseCursor(typed, "Cursor")).toEqual(map);
        expect(parseCursor(JSON.stringify(typed), "Cursor")).toEqual(map);
      }),
      { numRuns: RUNS },
    );
  });

  it("bounds an item's size from above without measuring it (the write limit check's first step)", () => {
    fc.assert(
      fc.property(typedItem(), (item) => {
        const map = toMap(item);
        expect(itemSizeAtMost(map)).toBeGreaterThanOrEqual(itemSize(map));
      }),
      { numRuns: RUNS },
    );
    const text = "\u{1F600}é".repeat(50);
    const wide = {
      [text]: { S: text },
      n: { N: " -0.000120 " },
      m: { M: { [text]: { NS: ["1e5"] } } },
    };
    expect(itemSizeAtMost(wide)).toBeGreaterThanOrEqual(itemSize(wide));
  });
});

describe("blank text", () => {
  // Every character String.prototype.trim removes, and a few it keeps.
  const SPACES = [..."\t\n\v\f\r \u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"];
  const OTHERS = [..."\u200b\u180e\u0085a~!0é\u{1F600}"];

  it("is blank exactly when trimming leaves nothing, whatever the first character", () => {
    const character = fc.constantFrom(...SPACES, ...OTHERS, "\u0000", "\u001f", "\u007f");
    const text = fc.oneof(
      fc.string(),
      fc.array(character, { maxLength: 6 }).map((c) => c.join("")),
    );
    fc.assert(
      fc.property(text, (value) => {
        expect(isBlankText(value)).toBe(value.trim() === "");
        expect(isBlank(value)).toBe(value.trim() === "");
      }),
      { numRuns: RUNS },
    );
    for (const space of SPACES) expect(isBlankText(`${space}${space}`)).toBe(true);
    for (const other of OTHERS) expect(isBlankText(` ${other} `)).toBe(false);
  });
});
