/**
 * Rows of a file named as ranges of their numbers (lines, or elements of a JSON array), so that
 * an import that stopped part way can say which rows to import again in a few words however many
 * there are: "lines 2–26, 52 and from 102 to the end".
 */
import { formatCount, listSome } from "../common/messages";

/** Rows `from` to `to` (both included); `to` null: every row from `from` to the end of the file. */
export interface RowRange {
  from: number;
  to: number | null;
}

/**
 * `places` (row numbers, in any order, each once) as ranges of consecutive numbers in file order,
 * followed by every row from `tailFrom` on when given (merged with a range that reaches it), at
 * most `limit` ranges: `truncated` says some were left out.
 */
export function rowRanges(
  places: number[],
  tailFrom: number | undefined,
  limit: number,
): { ranges: RowRange[]; truncated: boolean } {
  const ranges: RowRange[] = [];
  // A row at or past tailFrom is named by the tail's range.
  const before = tailFrom === undefined ? places : places.filter((place) => place < tailFrom);
  for (const place of [...before].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && last.to !== null && place === last.to + 1) last.to = place;
    else ranges.push({ from: place, to: place });
  }
  if (tailFrom !== undefined) {
    const last = ranges[ranges.length - 1];
    if (last && last.to !== null && last.to + 1 >= tailFrom) last.to = null;
    else ranges.push({ from: tailFrom, to: null });
  }
  return { ranges: ranges.slice(0, limit), truncated: ranges.length > limit };
}

/** "lines 2–26; 52; 102 to the end" (the first few, then how many more), by `unit` ("line"). */
export function describeRanges(ranges: RowRange[], unit: "line" | "element"): string {
  const texts = ranges.map((range) => {
    if (range.to === null) return `${formatCount(range.from)} to the end`;
    if (range.to === range.from) return formatCount(range.from);
    return `${formatCount(range.from)}–${formatCount(range.to)}`;
  });
  return `${unit}s ${listSome(texts)}`;
}
