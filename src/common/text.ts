/**
 * `text` without the run of `char` at its end ("a//" -> "a"). A loop rather than a regex such as
 * /\/+$/, which takes quadratic time on a long run of `char` not at the end (ReDoS).
 */
export function withoutTrailing(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end -= 1;
  return text.slice(0, end);
}

/** Case-insensitive order for people, ties broken by code point so the order is stable (picklists). */
export function byName(a: string, b: string): number {
  const lower = a.toLowerCase().localeCompare(b.toLowerCase(), "en");
  return lower !== 0 ? lower : a < b ? -1 : a > b ? 1 : 0;
}

/** Control characters, line and paragraph separators and bidirectional overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * User text made safe to echo in a message or log line: every control character (newlines, ANSI
 * escapes), line separator and bidirectional override is written as an escape (`\n`, `\u001b`),
 * so the text cannot start a forged log line or recolour a terminal. Other text is unchanged.
 */
export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
