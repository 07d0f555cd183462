/**
 * Update JSON: parseUpdateJson reads the patch (numbers exact, code-native objects, a clear error
 * naming the input), and buildUpdateFromJson turns it into one UpdateItem expression: SET and
 * REMOVE with generated placeholders that never collide with the caller's, nested values
 * converted, key attributes left out when they repeat the key and refused when they change it.
 */
import fc from "fast-check";
import { buildUpdateFromJson, parseUpdateJson } from "../../src/engines/updateJson";

describe("parseUpdateJson", () => {
  it("blank is no patch", () => {
    expect(parseUpdateJson("")).toBeUndefined();
    expect(parseUpdateJson("   ")).toBeUndefined();
    expect(parseUpdateJson(undefined)).toBeUndefined();
    expect(parseUpdateJson(null)).toBeUndefined();
  });

  it("keeps every digit of a long number", () => {
    const patch = parseUpdateJson('{"big": 123456789012345678901234567890}');
    expect(buildUpdateFromJson(patch as Record<string, unknown>).ExpressionAttributeValues).toEqual(
      {
        ":u0": { N: "123456789012345678901234567890" },
      },
    );
  });

  it("accepts an object from a code-native flow", () => {
    expect(parseUpdateJson({ a: 1 })).toEqual({ a: 1 });
  });

  it.each(["[]", "3", '"a"', "null", "true"])("%s is not an object", (text) => {
    expect(() => parseUpdateJson(text)).toThrow(/^Update JSON must be a JSON object/);
  });

  it("invalid JSON names the input", () => {
    expect(() => parseUpdateJson("{status: done}")).toThrow(/Update JSON/);
  });

  it("an array value from a code-native flow is not an object", () => {
    expect(() => parseUpdateJson([1, 2])).toThrow(/^Update JSON must be a JSON object/);
  });
});

describe("buildUpdateFromJson", () => {
  it("sets, sets a reserved word and removes, with generated placeholders", () => {
    expect(buildUpdateFromJson({ status: "done", count: 3, old: null })).toEqual({
      UpdateExpression: "SET #u0 = :u0, #u1 = :u1 REMOVE #u2",
      ExpressionAttributeNames: { "#u0": "status", "#u1": "count", "#u2": "old" },
      ExpressionAttributeValues: { ":u0": { S: "done" }, ":u1": { N: "3" } },
    });
  });

  it("only removes: no values map at all (DynamoDB rejects an empty one)", () => {
    const update = buildUpdateFromJson({ a: null, b: null });
    expect(update).toEqual({
      UpdateExpression: "REMOVE #u0, #u1",
      ExpressionAttributeNames: { "#u0": "a", "#u1": "b" },
    });
    expect("ExpressionAttributeValues" in update).toBe(false);
  });

  it("converts nested values; null inside a map is a NULL value, not a removal", () => {
    expect(
      buildUpdateFromJson({
        address: { city: "Paris", zip: null },
        tags: ["a", 1, false],
        ok: true,
      }),
    ).toEqual({
      UpdateExpression: "SET #u0 = :u0, #u1 = :u1, #u2 = :u2",
      ExpressionAttributeNames: { "#u0": "address", "#u1": "tags", "#u2": "ok" },
      ExpressionAttributeValues: {
        ":u0": { M: { city: { S: "Paris" }, zip: { NULL: true } } },
        ":u1": { L: [{ S: "a" }, { N: "1" }, { BOOL: false }] },
        ":u2": { BOOL: true },
      },
    });
  });

  it("names with dots, spaces and dashes are literal top-level names", () => {
    const update = buildUpdateFromJson({ "a.b": 1, "first name": "x", "x-y": "z" });
    expect(update.ExpressionAttributeNames).toEqual({
      "#u0": "a.b",
      "#u1": "first name",
      "#u2": "x-y",
    });
    expect(update.UpdateExpression).toBe("SET #u0 = :u0, #u1 = :u1, #u2 = :u2");
  });

  it("an empty string is a value (S), not a removal", () => {
    expect(buildUpdateFromJson({ note: "" }).ExpressionAttributeValues).toEqual({
      ":u0": { S: "" },
    });
  });

  it("skips placeholders the caller already uses", () => {
    const update = buildUpdateFromJson({ a: 1, b: 2 }, { reserved: ["#u0", ":u1", "#other"] });
    expect(update).toEqual({
      UpdateExpression: "SET #u2 = :u2, #u3 = :u3",
      ExpressionAttributeNames: { "#u2": "a", "#u3": "b" },
      ExpressionAttributeValues: { ":u2": { N: "1" }, ":u3": { N: "2" } },
    });
  });

  it("drops a key attribute that repeats the key's value", () => {
    const update = buildUpdateFromJson(
      { pk: "c-1", sk: 5, name: "Ada" },
      { key: { pk: { S: "c-1" }, sk: { N: "5" } } },
    );
    expect(update).toEqual({
      UpdateExpression: "SET #u0 = :u0",
      ExpressionAttributeNames: { "#u0": "name" },
      ExpressionAttributeValues: { ":u0": { S: "Ada" } },
    });
  });

  it.each([[{ pk: "other" }], [{ pk: null }], [{ pk: 5 }]])(
    "a key attribute with another value (%p) is an error",
    (patch) => {
      expect(() => buildUpdateFromJson(patch, { key: { pk: { S: "c-1" } } })).toThrow(
        'Update JSON: "pk" is part of the table\'s key and cannot be changed by an update',
      );
    },
  );

  it("an empty object, or one with only the key, has nothing to do", () => {
    expect(() => buildUpdateFromJson({})).toThrow("Update JSON has no attribute to set or remove.");
    expect(() => buildUpdateFromJson({ pk: "a" }, { key: { pk: { S: "a" } } })).toThrow(
      "Update JSON has no attribute to set or remove.",
    );
  });

  it("an empty attribute name is an error", () => {
    expect(() => buildUpdateFromJson({ "": 1 })).toThrow(/empty name/);
  });

  it("uses the given label in errors", () => {
    expect(() => buildUpdateFromJson({}, { label: "Patch" })).toThrow(/^Patch has no attribute/);
  });

  it("property: every attribute appears once, placeholders are unique and never reserved", () => {
    // "__proto__" is refused on every write path (the SDK could never read it back).
    const attributeName = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((name) => name !== "__proto__");
    const value = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.boolean());
    const reservedPlaceholder = fc.nat(30).chain((n) => fc.constantFrom(`#u${n}`, `:u${n}`));
    fc.assert(
      fc.property(
        fc.dictionary(attributeName, value, { minKeys: 1, maxKeys: 20 }),
        fc.array(reservedPlaceholder, { maxLength: 10 }),
        (patch, reserved) => {
          const update = buildUpdateFromJson(patch, { reserved });
          const names = update.ExpressionAttributeNames;
          const values = update.ExpressionAttributeValues ?? {};
          expect(Object.values(names).sort()).toEqual(Object.keys(patch).sort());
          for (const placeholder of [...Object.keys(names), ...Object.keys(values)]) {
            expect(reserved).not.toContain(placeholder);
          }
          // Every name placeholder occurs exactly once in the expression.
          for (const placeholder of Object.keys(names)) {
            const occurrences = update.UpdateExpression.split(/[ ,=]+/).filter(
              (t) => t === placeholder,
            );
            expect(occurrences).toHaveLength(1);
          }
          const removed = Object.entries(patch).filter(([, v]) => v === null).length;
          expect(Object.keys(values)).toHaveLength(Object.keys(patch).length - removed);
        },
      ),
      { numRuns: 200 },
    );
  });
});
