/**
 * The output conversion reads each value of an answer by the one type the value itself holds: a
 * property named like a type on Object.prototype (which any module in the shared process can
 * add) is never read as a value's type, and a number read on the fast path is the double Number()
 * reads from its text.
 */
import fc from "fast-check";
import { csvWriter, type FileWriter, jsonLinesWriter } from "../../src/files/exportFile";
import { attributeToPlain, formatItem, formatItems, mapToPlain } from "../../src/values";

const TYPES = ["S", "N", "M", "L", "BOOL", "NULL", "B", "SS", "NS", "BS"];

/**
 * A fresh item of every type the conversion's fast path reads, made by object literals here:
 * objects from this module's realm, whose prototype the tests change (structuredClone would make
 * them in Node's own realm, out of the tests' reach).
 */
const item = () => ({
  id: { S: "order-1" },
  total: { N: "12.25" },
  paid: { BOOL: true },
  lines: { L: [{ S: "a" }, { N: "2" }] },
  address: { M: { city: { S: "London" }, zip: { N: "19" } } },
  note: { NULL: true },
});
const PLAIN = {
  id: "order-1",
  total: 12.25,
  paid: true,
  lines: ["a", 2],
  address: { city: "London", zip: 19 },
  note: null,
};

/** What `check` gives with `property` put on Object.prototype under every type's name. */
async function withPrototypeTypes<T>(
  property: PropertyDescriptor,
  check: () => T | Promise<T>,
): Promise<T> {
  for (const type of TYPES) {
    Object.defineProperty(Object.prototype, type, { ...property, configurable: true });
  }
  try {
    return await check();
  } finally {
    for (const type of TYPES) delete (Object.prototype as Record<string, unknown>)[type];
  }
}

describe("a value is read by the type it holds, not by what Object.prototype holds", () => {
  it("a getter named like a type on Object.prototype is never called", async () => {
    const read: string[] = [];
    const property = {
      enumerable: false,
      get(this: unknown) {
        read.push("read");
        return "from the prototype";
      },
    };
    await withPrototypeTypes(property, () => {
      expect(mapToPlain(item())).toStrictEqual(PLAIN);
      expect(attributeToPlain({ N: "5" })).toBe(5);
    });
    expect(read).toStrictEqual([]);
  });

  it("an enumerable property named like a type on Object.prototype changes no value", async () => {
    await withPrototypeTypes(
      { enumerable: true, writable: true, value: "from the prototype" },
      () => {
        expect(formatItems([item()])).toStrictEqual([PLAIN]);
        expect(attributeToPlain({ BOOL: false })).toBe(false);
      },
    );
  });

  it("without such properties, the same item reads the same", () => {
    expect(mapToPlain(item())).toStrictEqual(PLAIN);
  });

  it("DynamoDB JSON output and exported files are the same with such properties", async () => {
    const everyType = () => ({
      ...item(),
      photo: { B: new Uint8Array([1, 2]) },
      sizes: { NS: ["1", "2.5"] },
      labels: { SS: ["new"] },
    });
    const writers = (): FileWriter[] => [
      jsonLinesWriter(false),
      jsonLinesWriter(true),
      csvWriter({ delimiter: ",", escapeFormulas: true }),
    ];
    const outputs = async () => {
      const files = await Promise.all(
        writers().map((writer) => {
          writer.add(everyType());
          return writer.finish();
        }),
      );
      return {
        typed: formatItem(everyType(), true),
        files: files.map((file) => file.file.data.toString("utf8")),
      };
    };
    const expected = await outputs();
    expect(expected.files[2]).toContain("order-1");

    for (const enumerable of [false, true]) {
      const property = { enumerable, writable: true, value: "from the prototype" };
      const polluted = await withPrototypeTypes(property, outputs);
      expect(polluted).toStrictEqual(expected);
    }
  });
});

describe("a number whose text is its double's shortest form comes out as Number(text)", () => {
  it("every double written without an exponent", () => {
    const written = fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((number) => String(number))
      .filter((text) => !text.includes("e"));
    fc.assert(
      fc.property(written, (text) => {
        expect(Object.is(attributeToPlain({ N: text }), Number(text) + 0)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("up to 15 significant digits with the point anywhere, after up to 5 leading zeros", () => {
    const text = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^[1-9]\d{0,14}$/),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 5 }),
      )
      .map(([negative, digits, point, zeros]) => {
        const at = Math.min(point, digits.length);
        const whole = digits.slice(0, digits.length - at);
        const fraction = digits.slice(digits.length - at);
        const decimal = whole ? `${whole}.${fraction}` : `0.${"0".repeat(zeros)}${fraction}`;
        return `${negative ? "-" : ""}${decimal.endsWith(".") ? decimal.slice(0, -1) : decimal}`;
      });
    fc.assert(
      fc.property(text, (given) => {
        const number = Number(given);
        const out = attributeToPlain({ N: given });
        // A text with a trailing zero is no shortest form; it still reads as the same value.
        expect(Object.is(out, number + 0) || out === given).toBe(true);
        if (String(number) === given) expect(Object.is(out, number)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
