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
