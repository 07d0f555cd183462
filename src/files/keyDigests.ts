/**
 * The keys an import has seen, to find a key given twice, held as fixed-size digests in one typed
 * array: what this costs depends on the number of rows, never on how long the keys are.
 */
import * as crypto from "node:crypto";
import { FILE_LABEL, InputError } from "../inputs";
import { formatCount } from "../messages";

/**
 * The most bytes the duplicate-key check of one import may hold (KEY_DIGEST_BUDGET_BYTES,
 * 64 MiB): 16 bytes a slot (a 96-bit SHA-256 prefix of the key's identity, and where the key was
 * first seen), slots at most 70% full, so about 2.9 million keys.
 */
export const KEY_DIGEST_BUDGET_BYTES = 64 * 1024 * 1024;
const SLOT_WORDS = 4;
const SLOT_BYTES = SLOT_WORDS * 4;
const MAX_LOAD = 0.7;
const FIRST_SLOTS = 1 << 12;
const MAX_SLOTS = KEY_DIGEST_BUDGET_BYTES / SLOT_BYTES;
/** The most keys the budget holds. */
export const MAX_KEY_DIGESTS = Math.floor(MAX_SLOTS * MAX_LOAD);

/** crypto.hash (Node 20.12 and later) is the one-shot form, several times faster per key. */
const oneShot = (
  crypto as { hash?: (algorithm: string, data: string, encoding: "buffer") => Buffer }
).hash;

function sha256(text: string): Buffer {
  return oneShot
    ? oneShot("sha256", text, "buffer")
    : crypto.createHash("sha256").update(text).digest();
}

/**
 * A set of key identities (keyIdentity in keys.ts: by type and canonical value), each with the
 * place it was first seen. Two different keys share a digest with odds of about n²/2⁹⁷.
 */
export class KeyDigests {
  private slots = new Uint32Array(FIRST_SLOTS * SLOT_WORDS);
  private count = 0;

  /**
   * The place `identity` was first seen, or undefined after remembering it at `place` (a
   * non-negative integer below 2³²). Throws an InputError naming KEY_DIGEST_BUDGET_BYTES when
   * the file has more keys than the budget holds.
   */
  firstOrAdd(identity: string, place: number): number | undefined {
    const digest = sha256(identity);
    // An all-zero digest would read as an empty slot.
    const a = digest.readUInt32LE(0) || 1;
    const b = digest.readUInt32LE(4);
    const c = digest.readUInt32LE(8);
    const mask = this.slots.length / SLOT_WORDS - 1;
    for (let slot = a & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT_WORDS;
      if (this.slots[at] === 0) {
        this.slots.set([a, b, c, place], at);
        this.count += 1;
        if (this.count > (mask + 1) * MAX_LOAD) this.grow();
        return undefined;
      }
      if (this.slots[at] === a && this.slots[at + 1] === b && this.slots[at + 2] === c) {
        return this.slots[at + 3];
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = (old.length / SLOT_WORDS) * 2;
    if (slots > MAX_SLOTS) {
      throw new InputError(
        FILE_LABEL,
        "tooLarge",
        `${FILE_LABEL} has more than ${formatCount(MAX_KEY_DIGESTS)} rows: finding a key given twice holds 16 bytes a row, within Import Items' budget of ${KEY_DIGEST_BUDGET_BYTES / 1024 / 1024} MiB (KEY_DIGEST_BUDGET_BYTES), so the import stopped. Split the file into parts of fewer rows.`,
      );
    }
    this.slots = new Uint32Array(slots * SLOT_WORDS);
    const mask = slots - 1;
    for (let at = 0; at < old.length; at += SLOT_WORDS) {
      if (old[at] === 0) continue;
      let slot = old[at] & mask;
      while (this.slots[slot * SLOT_WORDS] !== 0) slot = (slot + 1) & mask;
      this.slots.set(old.subarray(at, at + SLOT_WORDS), slot * SLOT_WORDS);
    }
  }
}
