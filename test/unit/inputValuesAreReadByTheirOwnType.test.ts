/**
 * Checks of the values a step sends (sizes, keys, cursors, versions) read each value by the one
 * type the value itself holds: a property named like a type on Object.prototype (which any module
 * in the shared process can add) neither lets a wrong value through nor refuses a right one.
 */
import type { KeySchema } from "../../src/engines/keySchema";
import { buildKey } from "../../src/engines/keyValues";
import { cursorNeedsTypes, restoreCursorTypes } from "../../src/engines/paging";
import { buildUpdateFromJson } from "../../src/engines/updateJson";
import { versionedItem, versionLock } from "../../src/engines/versioning";
import { InputError } from "../../src/errors/inputError";
import { cleanKey } from "../../src/inputs/entries";
import { parseKeyCursor } from "../../src/values/cursor";
import { givenKeyIdentity, sameKeyValue } from "../../src/values/keyIdentity";
import { itemSizeAtMost, valueSize } from "../../src/values/size";
import { thrown } from "../support/outcome";

/** What `check` gives with `value` put on Object.prototype under the type code `type`. */
function withPrototypeType<T>(type: string, value: unknown, check: () => T): T {
  Object.defineProperty(Object.prototype, type, {
    value,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  try {
    return check();
  } finally {
    delete (Object.prototype as Record<string, unknown>)[type];
  }
}

/** Text longer than any key value DynamoDB allows (2,048 bytes for a partition key). */
const LONG_TEXT = "x".repeat(5_000);

const NUMBER_KEY: KeySchema = { hash: { name: "id", type: "N" } };

describe("a value's size is read by the type it holds", () => {
  it("a number's size is its digits', whatever text Object.prototype holds as S", () => {
    const plain = valueSize({ N: "12345" });
    expect(withPrototypeType("S", LONG_TEXT, () => valueSize({ N: "12345" }))).toBe(plain);
    expect(plain).toBe(4);
  });

  it("a list of numbers is sized by its members, not by Object.prototype's B", () => {
    const list = { L: [{ N: "1" }, { N: "2" }] };
    const plain = valueSize(list);
    expect(withPrototypeType("B", new Uint8Array(9_000), () => valueSize(list))).toBe(plain);
  });

  it("an answer's output size counts its numbers, not Object.prototype's S", () => {
    const item = { id: { N: "7" }, total: { N: "12.5" } };
    const plain = itemSizeAtMost(item);
    expect(withPrototypeType("S", LONG_TEXT, () => itemSizeAtMost(item))).toBe(plain);
    expect(plain).toBeLessThan(40);
  });
});

describe("a key value is read by the type it holds", () => {
  it("a number key is not refused as too long for Object.prototype's S", () => {
    const key = withPrototypeType("S", LONG_TEXT, () => buildKey(NUMBER_KEY, "Orders", 5, ""));
    expect(key).toStrictEqual({ id: { N: "5" } });
  });

  it("a number in a cursor is not refused as too long for Object.prototype's S", () => {
    const cursor = withPrototypeType("S", LONG_TEXT, () =>
      parseKeyCursor('{"id": 5}', "Exclusive Start Key"),
    );
    expect(cursor).toStrictEqual({ id: { N: "5" } });
  });

  it("a true in a cursor is refused though Object.prototype holds an N", async () => {
    const error = await thrown(() =>
      withPrototypeType("N", "1", () => parseKeyCursor('{"id": true}', "Exclusive Start Key")),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(
      'Exclusive Start Key: "id" is true, not a key value',
    );
  });

  it("a true in a batch key is refused though Object.prototype holds an S", async () => {
    const error = await thrown(() =>
      withPrototypeType("S", "a", () => cleanKey({ id: true }, "Keys")),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('key attribute "id" must be a string or a number');
  });

  it("two numbers are two keys, though Object.prototype holds an S", () => {
    withPrototypeType("S", "same", () => {
      expect(sameKeyValue({ N: "1" }, { N: "2" })).toBe(false);
      expect(sameKeyValue({ N: "1" }, { N: "1.0" })).toBe(true);
      expect(givenKeyIdentity({ id: { N: "1" } })).not.toBe(givenKeyIdentity({ id: { N: "2" } }));
    });
  });

  it("a boolean is no key value, though Object.prototype holds an N", () => {
    expect(withPrototypeType("N", "1", () => sameKeyValue({ BOOL: true }, { N: "1" }))).toBe(false);
  });

  it("a cursor's number is neither re-typed nor counted as text for Object.prototype's S", () => {
    const cursor = { id: { N: "5" } };
    withPrototypeType("S", "not a number", () => {
      expect(cursorNeedsTypes(cursor)).toBe(false);
      expect(restoreCursorTypes(cursor, { id: "N" }, "Exclusive Start Key")).toStrictEqual(cursor);
    });
  });
});

describe("an Update JSON's key is read by the type it holds", () => {
  it("the item's own number key passed back is dropped, not refused for Object.prototype's S", () => {
    const update = withPrototypeType("S", "x", () =>
      buildUpdateFromJson({ id: 5, status: "done" }, { key: { id: { N: "5" } } }),
    );
    expect(update.UpdateExpression).toBe("SET #u0 = :u0");
  });
});

describe("a version is read by the type it holds", () => {
  const lock = versionLock({ versionAttribute: "version", expectedVersion: "3" });

  it("a given version of text that is no number does not pass for Object.prototype's N", async () => {
    const item = { id: { S: "a" }, version: { S: "three" } };
    const error = await thrown(() =>
      withPrototypeType("N", "3", () => versionedItem(lock, item, "Item")),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('sets "version" (the Version Attribute) to "three"');
  });

  it("a stored boolean is not named by Object.prototype's N", async () => {
    const item = { id: { S: "a" }, version: { BOOL: true } };
    const error = await thrown(() =>
      withPrototypeType("N", "3", () => versionedItem(lock, item, "Item")),
    );
    expect((error as Error).message).toContain("to true, but Expected Version is 3");
  });

  it("the expected version given as a number passes", () => {
    const item = { id: { S: "a" }, version: { N: "3" } };
    expect(versionedItem(lock, item, "Item")).toStrictEqual({
      id: { S: "a" },
      version: { N: "4" },
    });
  });
});
