/**
 * Secrets kept out of everything the connector reports: the forms a secret can travel in (raw,
 * trimmed, URL-encoded, base64), the temporary credentials an assumed role was issued, a
 * connection's own secrets, and text or nested values with all of them replaced.
 */
import type { Connection } from "@prismatic-io/spectral";
import { withoutTrailing } from "../common/text";

/** How many secrets' needles (secretNeedles) are kept (each secret has about 20). */
const MAX_CACHED_SECRETS = 256;

/**
 * The forms in which a secret can travel back from an endpoint: as is and trimmed (the SDK signs
 * with the trimmed value), URL-encoded (and form encoding; the hex's letter case is left to the
 * canonical comparison), and base64 (standard and URL-safe). For base64, the part that does not
 * depend on the neighbouring bytes is used for each of the three alignments, so a secret
 * base64-encoded inside a longer text is found too (at most 2 bytes at either end may stay
 * readable).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const plain of new Set([secret, secret.trim()])) {
    forms.add(plain);
    const uriEncoded = encodeURIComponent(plain);
    forms.add(uriEncoded);
    forms.add(new URLSearchParams({ s: plain }).toString().slice(2));
    const bytes = Buffer.from(plain, "utf8");
    // The secret encoded on its own, whole (padding included or left out).
    for (const encoding of ["base64", "base64url"] as const) {
      const whole = bytes.toString(encoding);
      forms.add(whole);
      forms.add(withoutTrailing(whole, "="));
    }
    for (let shift = 0; shift < 3; shift++) {
      const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
      // Skip the characters that mix in the filler bytes, and those that would mix in what follows.
      const start = shift === 0 ? 0 : shift + 1;
      const whole = Math.floor((shift + bytes.length) / 3) * 4;
      const core = encoded.slice(start, whole);
      forms.add(core);
      forms.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  return [...forms];
}

/** Shorter strings are not treated as secrets (they would mask ordinary text). */
const MIN_SECRET_LENGTH = 4;

/**
 * How an echo may carry a secret besides its forms (secretForms): one character at a time as
 * %HH, as a JSON escape (\u002F, \/, \") or an HTML entity (&quot;, &#47;), in another
 * letter case, or broken over lines. Text and secrets are both read in one canonical form (each
 * such escape decoded once, ASCII letters in lower case, line breaks and the indentation after
 * them left out), and a match there masks the original text it came from. Linear in the text.
 */
interface Canonical {
  text: string;
  /** Where each canonical character came from in the original text (absent: the same place). */
  starts?: Int32Array;
  ends?: Int32Array;
}

/** Characters that start an escape or a line break; text without them only has its case folded. */
const ESCAPE_OR_BREAK = /[%\\&\r\n]/;
/** 1 for the character codes at which escapeAt may find an escape: % \\ & CR LF. */
const STARTS_ESCAPE = new Uint8Array(128);
for (const char of "%\\&\r\n") STARTS_ESCAPE[char.charCodeAt(0)] = 1;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(quot|amp|lt|gt|apos));/y;
const NAMED_ENTITIES: Record<string, number> = { quot: 34, amp: 38, lt: 60, gt: 62, apos: 39 };
const JSON_SHORT_ESCAPES = new Set(['"', "\\", "/"]);

function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function hexAt(text: string, at: number, length: number): number {
  const digits = text.slice(at, at + length);
  return digits.length === length && /^[0-9a-fA-F]+$/.test(digits)
    ? Number.parseInt(digits, 16)
    : -1;
}

/**
 * The escape or line break at `at`: the character it stands for (-1: none, it is left out) and
 * its length; undefined when the text there is an ordinary character.
 */
function escapeAt(text: string, at: number): [number, number] | undefined {
  const char = text[at];
  if (char === "%") {
    const code = hexAt(text, at + 1, 2);
    // ASCII only: a percent-encoded multibyte character is matched in the encodeURIComponent form.
    return code >= 0 && code < 0x80 ? [code, 3] : undefined;
  }
  if (char === "\\") {
    const next = text[at + 1];
    if (next === "u") {
      const code = hexAt(text, at + 2, 4);
      return code >= 0 ? [code, 6] : undefined;
    }
    if (next !== undefined && JSON_SHORT_ESCAPES.has(next)) return [next.charCodeAt(0), 2];
    return next === "n" || next === "r" || next === "t" ? [-1, 2] : undefined;
  }
  if (char === "&") {
    ENTITY.lastIndex = at;
    const entity = ENTITY.exec(text);
    if (!entity) return undefined;
    const code = entity[3]
      ? NAMED_ENTITIES[entity[3]]
      : Number.parseInt(entity[1] ?? entity[2], entity[1] ? 10 : 16);
    return code <= 0xffff ? [code, entity[0].length] : undefined;
  }
  if (char === "\r" || char === "\n") {
    let end = at + 1;
    const last = Math.min(text.length, at + MAX_RAW_PER_CHAR);
    while (end < last && " \t\r\n".includes(text[end])) end++;
    return [-1, end - at];
  }
  return undefined;
}

/** `text` in its canonical form (see Canonical), with where each character came from. */
function canonical(text: string): Canonical {
  if (!ESCAPE_OR_BREAK.test(text))
    return { text: text.replace(/[A-Z]+/g, (run) => run.toLowerCase()) };
  const codes = new Uint16Array(text.length);
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  let count = 0;
  for (let at = 0; at < text.length; ) {
    let code = text.charCodeAt(at);
    let length = 1;
    // Most characters start no escape: they are copied without asking escapeAt.
    const escaped = STARTS_ESCAPE[code] === 1 ? escapeAt(text, at) : undefined;
    if (escaped) [code, length] = escaped;
    if (code >= 0) {
      codes[count] = lowerAscii(code);
      starts[count] = at;
      ends[count] = at + length;
      count++;
    }
    at += length;
  }
  const chunks: string[] = [];
  for (let from = 0; from < count; from += 8192) {
    chunks.push(String.fromCharCode(...codes.subarray(from, Math.min(count, from + 8192))));
  }
  return { text: chunks.join(""), starts, ends };
}

const needlesCache = new Map<string, readonly string[]>();

/** The canonical texts a secret's forms (secretForms) read as: what is looked for. */
function secretNeedles(secret: string): readonly string[] {
  const cached = needlesCache.get(secret);
  if (cached) return cached;
  const needles = new Set<string>();
  for (const form of secretForms(secret)) {
    const needle = canonical(form).text;
    if (needle.length >= MIN_SECRET_LENGTH) needles.add(needle);
  }
  const result = [...needles];
  if (needlesCache.size >= MAX_CACHED_SECRETS) needlesCache.clear();
  needlesCache.set(secret, result);
  return result;
}

function allNeedles(secrets: readonly unknown[]): string[] {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret === "string" && secret.trim().length >= MIN_SECRET_LENGTH) {
      for (const needle of secretNeedles(secret)) needles.add(needle);
    }
  }
  return [...needles];
}

/**
 * The most characters of the original text one canonical character can come from (an entity such
 * as &#1234567;, a line break with its indentation): how far a window must reach past its end.
 */
const MAX_RAW_PER_CHAR = 10;
/**
 * Long text is read in windows of this many characters (each reaching past its end by the longest
 * secret's reach), so that reading a 64 MB answer body costs a few MB of memory, not 10 bytes per
 * character of it.
 */
const WINDOW = 128 * 1024;

/** The ranges of `text` (original positions, start and end) that hold a secret, merged. */
function secretRanges(text: string, needles: readonly string[]): [number, number][] {
  const reach = (Math.max(0, ...needles.map((needle) => needle.length)) + 1) * MAX_RAW_PER_CHAR;
  const ranges: [number, number][] = [];
  for (let from = 0; from < text.length; from += WINDOW) {
    const end = Math.min(text.length, from + WINDOW + reach);
    const read = canonical(from === 0 && end === text.length ? text : text.slice(from, end));
    for (const needle of needles) {
      for (let at = read.text.indexOf(needle); at !== -1; at = read.text.indexOf(needle, at + 1)) {
        const last = at + needle.length - 1;
        const [start, stop] =
          read.starts && read.ends ? [read.starts[at], read.ends[last]] : [at, last + 1];
        ranges.push([from + start, from + stop]);
      }
    }
    if (end === text.length) break;
  }
  return merged(ranges);
}

/** Overlapping or touching ranges joined into one. */
function merged(ranges: [number, number][]): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0]);
  const result: [number, number][] = [];
  for (const range of ranges) {
    const previous = result[result.length - 1];
    if (previous && range[0] <= previous[1]) previous[1] = Math.max(previous[1], range[1]);
    else result.push(range);
  }
  return result;
}

/** Does `text` hold a secret, or is it over MAX_REDACTED_CHARS (so that it is cut)? */
function holdsSecret(text: string, needles: readonly string[]): boolean {
  if (text.length > MAX_REDACTED_CHARS) return true;
  return text.length >= MIN_SECRET_LENGTH && secretRanges(text, needles).length > 0;
}

/**
 * The most characters of one text that redaction keeps and searches: no message, log line or
 * kept answer body needs more (DynamoDB's largest string is an item's 400 KB), and searching an
 * endpoint's 64 MB answer would hold the process for seconds. The rest is left out, with a note.
 */
export const MAX_REDACTED_CHARS = 1024 * 1024;

function withinLimit(text: string): string {
  if (text.length <= MAX_REDACTED_CHARS) return text;
  const left = text.length - MAX_REDACTED_CHARS;
  return `${text.slice(0, MAX_REDACTED_CHARS)} [${left} more characters left out]`;
}

function replaceForms(whole: string, needles: readonly string[]): string {
  const text = withinLimit(whole);
  if (text.length < MIN_SECRET_LENGTH) return text;
  const ranges = secretRanges(text, needles);
  if (ranges.length === 0) return text;
  let result = "";
  let from = 0;
  for (const [start, end] of ranges) {
    result += `${text.slice(from, start)}****`;
    from = end;
  }
  return result + text.slice(from);
}

/**
 * Replaces every occurrence of each secret with asterisks: in each of its forms (secretForms),
 * and in the encodings an echo may add to them (see Canonical). Text over MAX_REDACTED_CHARS is
 * cut to that many characters first.
 */
export function redact(text: string, secrets: readonly unknown[]): string {
  return replaceForms(text, allNeedles(secrets));
}

/** The connection fields that hold secrets. */
const SECRET_FIELDS = ["secretAccessKey", "sessionToken"] as const;

/**
 * The temporary secrets (from STS) of each holder: an object that lives as long as anything can
 * still use or report them (the cached client entry that obtained them, whose clients and
 * credential provider reference it, and every connection object of a step that used it). Held
 * weakly, so that the secrets are forgotten only once no holder is left: never between two
 * requests of a running step, whatever the client cache did meanwhile.
 */
const issuedByHolder = new WeakMap<object, string[]>();
/** Every holder that may still be alive, for the process-wide redaction. */
const holders = new Set<WeakRef<object>>();
/** The holders a connection object used (a step's clients): redaction of its errors uses them. */
const holdersByConnection = new WeakMap<object, Set<object>>();
/** The last four credential sets of a holder: older ones expired hours ago. */
const MAX_ISSUED_PER_HOLDER = 8;

/**
 * Remembers the secret parts of temporary credentials that `holder` (a cached client entry)
 * obtained (an assumed role's secret access key and session token), so that they are redacted
 * like the connection's own, from every error and log line of the process, for as long as the
 * holder lives (or until releaseIssuedSecrets(holder)).
 */
export function rememberIssuedSecrets(
  holder: object,
  credentials: { secretAccessKey?: unknown; sessionToken?: unknown },
): void {
  const values = issuedByHolder.get(holder) ?? [];
  if (values.length === 0) holders.add(new WeakRef(holder));
  for (const value of [credentials.secretAccessKey, credentials.sessionToken]) {
    if (typeof value === "string" && value.length > 0 && !values.includes(value)) {
      values.push(value);
    }
  }
  issuedByHolder.set(holder, values.slice(-MAX_ISSUED_PER_HOLDER));
}

/**
 * Ties `holder`'s temporary secrets to `connection` (the connection object of a step): they stay
 * known, and redact that step's errors and log lines, for as long as the step holds the object.
 */
export function bindIssuedSecrets(connection: object, holder: object): void {
  const bound = holdersByConnection.get(connection);
  if (bound) bound.add(holder);
  else holdersByConnection.set(connection, new Set([holder]));
}

/** Forgets the temporary secrets of a holder at once (its credentials are known to be void). */
export function releaseIssuedSecrets(holder: object): void {
  issuedByHolder.delete(holder);
}

/** The temporary secrets of every live holder, and of the holders `connection` used. */
function issuedSecrets(connection: object | undefined): string[] {
  const values = new Set<string>();
  for (const reference of holders) {
    const holder = reference.deref();
    const issued = holder && issuedByHolder.get(holder);
    if (!holder || !issued || issued.length === 0) holders.delete(reference);
    else for (const value of issued) values.add(value);
  }
  for (const holder of (connection && holdersByConnection.get(connection)) ?? []) {
    for (const value of issuedByHolder.get(holder) ?? []) values.add(value);
  }
  return [...values];
}

/**
 * The user name and password part ("user:password") of an Endpoint URL such as
 * https://user:password@host, or undefined: the text between "//" and the last "@" of the
 * authority. Found by position, not by URL parsing, so that text that is not a URL is covered too.
 */
export function endpointUserinfo(raw: unknown): { start: number; end: number } | undefined {
  if (typeof raw !== "string") return undefined;
  const slashes = raw.indexOf("//");
  if (slashes === -1) return undefined;
  const start = slashes + 2;
  let authorityEnd = raw.length;
  for (const char of ["/", "?", "#"]) {
    const at = raw.indexOf(char, start);
    if (at !== -1 && at < authorityEnd) authorityEnd = at;
  }
  const end = raw.lastIndexOf("@", authorityEnd - 1);
  return end >= start ? { start, end } : undefined;
}

/** The user name and password of an Endpoint URL (endpointUserinfo), as written and decoded. */
function endpointCredentials(raw: unknown): string[] {
  const userinfo = endpointUserinfo(raw);
  if (!userinfo) return [];
  const text = (raw as string).slice(userinfo.start, userinfo.end);
  const colon = text.indexOf(":");
  const parts = [text, ...(colon === -1 ? [] : [text.slice(0, colon), text.slice(colon + 1)])];
  return parts.filter((part) => part !== "").flatMap((part) => [part, safeDecode(part)]);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The secrets a connection holds, which must never reach a message, a log line or an output:
 * its Secret Access Key and Session Token, the user name and password of its Endpoint URL, and
 * the temporary credentials obtained for any assumed role (bindIssuedSecrets). redact and
 * redactDeep also look for their trimmed, URL-encoded and base64 forms.
 */
export function connectionSecrets(connection: Connection | undefined): string[] {
  const fields = connection?.fields ?? {};
  const own = SECRET_FIELDS.map((field) => fields[field]).filter(
    (value): value is string => typeof value === "string" && value.length > 0,
  );
  return [...own, ...endpointCredentials(fields.endpoint), ...issuedSecrets(connection)];
}

/**
 * The connection as a ConnectionError carries it: the same key, configVarKey and fields (so the
 * platform can still tell which connection needs fixing), with the secret fields masked, so that
 * logging the error object shows no secret.
 */
export function maskedConnection(connection: Connection): Connection {
  const fields: Record<string, unknown> = { ...connection.fields };
  for (const field of SECRET_FIELDS) {
    if (typeof fields[field] === "string" && fields[field] !== "") fields[field] = "****";
  }
  const userinfo = endpointUserinfo(fields.endpoint);
  if (userinfo) {
    const endpoint = fields.endpoint as string;
    fields.endpoint = `${endpoint.slice(0, userinfo.start)}****${endpoint.slice(userinfo.end)}`;
  }
  return { ...connection, fields } as Connection;
}
/**
 * How deep redactDeep looks into nested objects: past DynamoDB's 32 levels of nested attributes
 * (two objects each in DynamoDB JSON, as the SDK logs them) with room for the wrapping; see
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html. Anything
 * deeper is replaced by DEEPER_PLACEHOLDER, so that no secret can hide below the limit.
 */
const MAX_REDACT_DEPTH = 80;
const DEEPER_PLACEHOLDER = `[nested more than ${MAX_REDACT_DEPTH} levels deep: left out]`;

/** Bytes as an endpoint sent them (answer bodies are bytes): read as UTF-8 text to search them. */
type Bytes = ArrayBufferView | ArrayBuffer;

function isBytes(value: object): value is Bytes {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

function bytesText(value: Bytes): string {
  return ArrayBuffer.isView(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("utf8")
    : Buffer.from(value).toString("utf8");
}

/**
 * Bytes that hold a secret, as the UTF-8 bytes of their redacted text, in the same kind of
 * container (a Buffer stays a Buffer). Bytes that are not UTF-8 text keep their readable parts;
 * the rest becomes U+FFFD, which is acceptable in what is only a redacted copy for an error or log.
 */
function redactedBytes(value: Bytes, forms: readonly string[]): Bytes {
  const text = bytesText(value);
  const replaced = replaceForms(text, forms);
  if (replaced === text) return value;
  const redacted = Buffer.from(replaced, "utf8");
  if (Buffer.isBuffer(value)) return redacted;
  if (value instanceof ArrayBuffer) return new Uint8Array(redacted).buffer;
  return new Uint8Array(redacted);
}

/**
 * A copy of `value` with every occurrence of each secret replaced in every string it holds:
 * properties (own ones, enumerable or not, so an Error's message and stack too), array elements,
 * nested objects, and binary data (an answer body) read as UTF-8 text; objects keep their
 * prototype, so an error stays an instance of its class. What lies deeper than MAX_REDACT_DEPTH
 * is replaced by a placeholder. Without a secret in it, the value itself is returned.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const usable = allNeedles(secrets);
  if (usable.length === 0) return value;
  const copies = new Map<object, unknown>();
  const visit = (current: unknown, depth: number): unknown => {
    if (typeof current === "string") return replaceForms(current, usable);
    if (current === null || typeof current !== "object") return current;
    if (isBytes(current)) return redactedBytes(current, usable);
    if (copies.has(current)) return copies.get(current);
    if (depth > MAX_REDACT_DEPTH) return DEEPER_PLACEHOLDER;
    if (Array.isArray(current)) {
      const array: unknown[] = [];
      copies.set(current, array);
      for (const element of current) array.push(visit(element, depth + 1));
      return array;
    }
    const copy = Object.create(Object.getPrototypeOf(current)) as Record<string, unknown>;
    copies.set(current, copy);
    for (const name of Object.getOwnPropertyNames(current)) {
      const descriptor = Object.getOwnPropertyDescriptor(current, name);
      if (!descriptor) continue;
      if ("value" in descriptor) descriptor.value = visit(descriptor.value, depth + 1);
      Object.defineProperty(copy, name, descriptor);
    }
    return copy;
  };
  return contains(value, usable, new Set(), 0) ? (visit(value, 0) as T) : value;
}

/**
 * Does any string (or UTF-8 text of bytes) inside `value` hold one of the secrets? An object
 * deeper than MAX_REDACT_DEPTH counts as holding one, so that redactDeep replaces it.
 */
function contains(value: unknown, secrets: string[], seen: Set<object>, depth: number): boolean {
  if (typeof value === "string") return holdsSecret(value, secrets);
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  if (isBytes(value)) {
    return holdsSecret(bytesText(value), secrets);
  }
  if (depth > MAX_REDACT_DEPTH) return true;
  seen.add(value);
  for (const name of Object.getOwnPropertyNames(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, name);
    if (descriptor && "value" in descriptor) {
      if (contains(descriptor.value, secrets, seen, depth + 1)) return true;
    }
  }
  return false;
}
