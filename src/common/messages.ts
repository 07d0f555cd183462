/** Wording shared by messages that count or list many things (the batch actions' errors). */

/** How many keys or items a message shows before "and N more". */
const SHOWN_IN_MESSAGES = 5;

/**
 * "a; b; c; d; e; and 4 more": the first of `texts`, and how many more of `total` things there
 * are (`total` defaults to texts.length; larger when `texts` lists only some of them).
 */
export function listSome(texts: string[], total = texts.length): string {
  const shown = texts.slice(0, SHOWN_IN_MESSAGES).join("; ");
  const more = total - Math.min(texts.length, SHOWN_IN_MESSAGES);
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/** An error's message ending in a full stop, so that more sentences can follow it. */
export function sentence(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** 12345 -> "12,345" */
export function formatCount(count: number): string {
  // Not toLocaleString: its first call loads locale data, which costs milliseconds at load time.
  // Nor a lookahead regex, which takes quadratic time on a long run of digits.
  const text = String(count);
  const sign = text.startsWith("-") ? "-" : "";
  const digits = text.slice(sign.length);
  if (!/^\d+$/.test(digits)) return text;
  const groups: string[] = [];
  let end = digits.length;
  for (; end > 3; end -= 3) groups.unshift(digits.slice(end - 3, end));
  groups.unshift(digits.slice(0, end));
  return sign + groups.join(",");
}
