/**
 * Random items of every type written through Upsert Item (Value + Value Types) and read back
 * through Get Item against DynamoDB Local: what comes back equals what went in (numbers in
 * DynamoDB's canonical form, sets in any order). Items come from the shared typed-item
 * arbitrary: numbers written every way DynamoDB accepts (up to 38 digits, exponents, zeros),
 * base64 standard or url-safe, type codes in any case, names such as "__proto__".
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { type TypedItem, typedItem } from "../support/arbitraries";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  uniqueTableName,
} from "../support/local";

/** The key attributes of the test table; random attribute names must not take them. */
const KEY_NAMES = new Set(["pk", "sk"]);

const randomItem = typedItem({ minAttributes: 1, maxAttributes: 8 }).filter(
  (item) => !item.cells.some((cell) => KEY_NAMES.has(cell.name)),
);

/** Own property assignment that keeps an attribute named "__proto__" an own property. */
function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
}

/** Sets come back in DynamoDB's order; compare them as sorted lists. */
function sortedIfSet(value: unknown, isSet: boolean): unknown {
  return isSet && Array.isArray(value) ? value.map(String).sort() : value;
}

/**
 * What Get Item should return for each random attribute: the value as DynamoDB stores it
 * (numbers canonical: 1.50 -> 1.5). DynamoDB Local canonicalises top-level numbers and number
 * sets but keeps numbers nested in lists and maps as written, while DynamoDB canonicalises them
 * too; for L and M either form is right, so the one that matches is expected.
 */
function expectedFor(random: TypedItem, actual: Record<string, unknown>): Record<string, unknown> {
  const expected: Record<string, unknown> = {};
  for (const cell of random.cells) {
    const isSet = random.sets.includes(cell.name);
    const stored = sortedIfSet(cell.expectedStored, isSet);
    const asWritten = sortedIfSet(cell.expected, isSet);
    const nested = cell.type === "L" || cell.type === "M";
    define(
      expected,
      cell.name,
      nested && isDeepStrictEqual(actual[cell.name], asWritten) ? asWritten : stored,
    );
  }
  return expected;
}

function actualOf(random: TypedItem, item: Record<string, unknown>): Record<string, unknown> {
  const actual: Record<string, unknown> = {};
  for (const name of Object.keys(item))
    define(actual, name, sortedIfSet(item[name], random.sets.includes(name)));
  return actual;
}

const table = uniqueTableName("items_roundtrip");
const connection = { awsConnection: localConnection(), awsRegion: LOCAL_REGION, tableName: table };

beforeAll(async () => {
  await createTestTable(table, {
    hashKey: { name: "pk", type: "S" },
    rangeKey: { name: "sk", type: "N" },
  });
});

afterAll(async () => {
  await deleteTestTable(table);
});

it("at least 100 random items come back from Get Item as they went into Upsert Item", async () => {
  let counter = 0;
  await fc.assert(
    fc.asyncProperty(randomItem, async (random) => {
      counter += 1;
      const pk = `item-${counter}`;
      await harness.action("createItem", {
        ...connection,
        item: [{ key: "pk", value: pk }, { key: "sk", value: String(counter) }, ...random.values],
        itemTypes: [{ key: "pk", value: "S" }, { key: "sk", value: "N" }, ...random.types],
      });
      const read = (await harness.action("getItem", {
        ...connection,
        value: pk,
        rangeKeyValue: String(counter),
        consistentRead: "true",
      })) as { data: { found: boolean; item: Record<string, unknown> } };
      expect(read.data.found).toBe(true);
      const { pk: readPk, sk: readSk, ...attributes } = read.data.item;
      expect([readPk, readSk]).toEqual([pk, counter]);
      const actual = actualOf(random, attributes);
      expect(actual).toEqual(expectedFor(random, actual));
    }),
    { numRuns: 120 },
  );
  expect(counter).toBeGreaterThanOrEqual(100);
});
