/**
 * The keys a batch (Import Items' file, Batch Write Items' inputs) has seen, to find a key given
 * twice, held as fixed-size digests in one typed array: what this costs depends on the number of
 * keys, never on how long the keys are.
 */
import * as crypto from "node:crypto";

/**
 * The most bytes the duplicate-key check of one step may hold (KEY_DIGEST_BUDGET_BYTES,
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
 * A set of key identities (keyIdentity in keyValues.ts: by type and canonical value), each with the
 * place it was first seen. Two different keys share a digest with odds of about n²/2⁹⁷.
 */
export class KeyDigests {
  private slots = new Uint32Array(FIRST_SLOTS * SLOT_WORDS);
  private count = 0;

  /**
   * @param tooMany makes the error thrown when more than MAX_KEY_DIGESTS keys are added: an
   *   InputError naming the input and KEY_DIGEST_BUDGET_BYTES.
   */
  constructor(private readonly tooMany: () => Error) {}

  /**
   * The place `identity` was first seen, or undefined after remembering it at `place` (a
   * non-negative integer below 2³²). Throws the constructor's `tooMany` error when there are
   * more keys than the budget holds.
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
    if (slots > MAX_SLOTS) throw this.tooMany();
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
