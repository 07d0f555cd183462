/** Binary values: base64 text (standard or url-safe) in, base64 text out. */

import { withoutTrailing } from "../common/text";
import { show } from "../errors/inputError";
import { failAt, type Where } from "./types";

const BASE64_HINT = 'Binary values are base64 text, such as "SGVsbG8=".';

const BASE64_SYNTAX = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)(?:==?)?$/;
const WHITESPACE = /\s+/g;

export function isBytes(value: unknown): value is Uint8Array | ArrayBuffer | ArrayBufferView {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

export function asUint8Array(value: Uint8Array | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** Standard or url-safe base64, padding optional; line breaks (MIME style) are ignored. */
function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(WHITESPACE, "");
  if (!BASE64_SYNTAX.test(compact)) return undefined;
  const padded = compact.endsWith("=");
  const body = padded ? withoutTrailing(compact, "=") : compact;
  if (body.length % 4 === 1 || (padded && compact.length % 4 !== 0)) return undefined;
  const buffer = Buffer.from(body, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function bytesOrFail(raw: unknown, where: Where, lead: string): Uint8Array {
  if (isBytes(raw)) return asUint8Array(raw);
  if (typeof raw === "string") {
    const bytes = decodeBase64(raw);
    if (bytes) return bytes;
  }
  return failAt(where, `${lead} ${show(raw)} is not base64 text. ${BASE64_HINT}`);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
