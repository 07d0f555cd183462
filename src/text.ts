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

/** Is this UTF-16 code unit a C0 or C1 control character or DEL (ANSI escapes start with one)? */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

const NAMED_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * User text made safe to echo into a message or log line: C0/C1 control characters and DEL
 * become escapes (`\n`, `\r`, `\t`, or `\uXXXX`), so no raw newline can forge a log line and no
 * ANSI escape can restyle a terminal. Everything else is kept as is; text without a control
 * character is returned itself.
 */
export function printable(text: string): string {
  let result = "";
  let from = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!isControl(code)) continue;
    const char = text[at] as string;
    result +=
      text.slice(from, at) + (NAMED_ESCAPES[char] ?? `\\u${code.toString(16).padStart(4, "0")}`);
    from = at + 1;
  }
  return from === 0 ? text : result + text.slice(from);
}
