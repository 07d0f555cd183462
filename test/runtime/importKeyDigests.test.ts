/**
 * The duplicate-key check of Import Items holds a fixed-size digest per key (KeyDigests), never
 * the key's text: a repeat is found across every growth of the table, with where it was first
 * seen, and keys are compared by type and value (keyIdentity), so 1 and 1.0 are one number key.
 */
import { KeyDigests } from "../../src/engines/keyDigests";
import { keyIdentity } from "../../src/engines/keyValues";

const schema = { hash: { name: "pk", type: "S" as const } };

describe("KeyDigests", () => {
  it("finds every repeat among 200,000 keys, with the place each was first seen", () => {
    const digests = new KeyDigests(() => new Error("too many keys"));
    let repeats = 0;
    for (let i = 0; i < 200_000; i++) {
      if (digests.firstOrAdd(`key ${i}`, i + 1) !== undefined) repeats += 1;
    }
    expect(repeats).toBe(0);
    for (const i of [0, 1, 4_095, 4_096, 123_456, 199_999]) {
      expect(digests.firstOrAdd(`key ${i}`, 999_999)).toBe(i + 1);
    }
    expect(digests.firstOrAdd("key 200000", 7)).toBeUndefined();
  });

  it("holds 16 bytes a key whatever the key's length: 2 KB keys of control characters", () => {
    const digests = new KeyDigests(() => new Error("too many keys"));
    const long = "\u0001\u001b".repeat(1_024);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 50_000; i++) {
      digests.firstOrAdd(keyIdentity({ pk: { S: `${long}${i}` } }, schema) as string, i);
    }
    // 50,000 keys of 2 KB are 100 MB of text; their digests are a typed array of at most 2 MB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024);
    expect(digests.firstOrAdd(keyIdentity({ pk: { S: `${long}7` } }, schema) as string, 1)).toBe(7);
  });

  it("compares number keys by value", () => {
    const numbers = { hash: { name: "id", type: "N" as const } };
    const digests = new KeyDigests(() => new Error("too many keys"));
    digests.firstOrAdd(keyIdentity({ id: { N: "1" } }, numbers) as string, 2);
    expect(digests.firstOrAdd(keyIdentity({ id: { N: "1.0" } }, numbers) as string, 3)).toBe(2);
    expect(digests.firstOrAdd(keyIdentity({ id: { N: "10E-1" } }, numbers) as string, 4)).toBe(2);
  });
});
