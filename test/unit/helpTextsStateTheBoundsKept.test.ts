/**
 * Every help text, output description and catalogue entry that states one of the connector's own
 * bounds (Max Items' default, the byte budget, the page limit, the retry and listing time limits)
 * states the value the code keeps. The reference pages are generated from the component
 * (docsUpToDate keeps them so), so they hold every such text an integration builder reads.
 */
import {
  DEFAULT_BYTE_BUDGET,
  DEFAULT_MAX_ITEMS,
  LIST_TIME_BUDGET_MS,
  MAX_PAGES,
  RETRY_TIME_LIMIT_MS,
} from "../../src/common/limits";
import { generateDocs } from "../../tools/docs/generate";

const reference = [...generateDocs().values()].join("\n");

/** "12,345" -> 12345; "5" -> 5. */
const numberIn = (text: string) => Number(text.replaceAll(",", ""));

/** Each way the texts state a bound: the number it states, and the bound the code keeps. */
const statements: { bound: string; pattern: RegExp; kept: number }[] = [
  {
    bound: "Max Items' default",
    pattern: /(?:Max Items \(default |Leave blank for the default of )([\d,]+)/g,
    kept: DEFAULT_MAX_ITEMS,
  },
  {
    bound: "the byte budget, in MB",
    pattern: /(?:byteBudget \(|about |or )([\d.]+) MB of (?:items|summaries|JSON)/g,
    kept: DEFAULT_BYTE_BUDGET / 1024 / 1024,
  },
  { bound: "the page limit", pattern: /pageLimit \(([\d,]+) pages/g, kept: MAX_PAGES },
  {
    bound: "the retry time limit, in seconds",
    pattern: /(?:the (\d+) s retry time limit|once (\d+) s have passed)/g,
    kept: RETRY_TIME_LIMIT_MS / 1000,
  },
  {
    bound: "the listing time limit, in seconds",
    pattern: /timeBudget \((\d+) s of paging\)/g,
    kept: LIST_TIME_BUDGET_MS / 1000,
  },
];

describe.each(statements)("texts stating $bound", ({ pattern, kept }) => {
  const stated = [...reference.matchAll(pattern)].map((match) => match[1] ?? match[2]);

  it("exist, so that this check reads something", () => {
    expect(stated.length).toBeGreaterThan(0);
  });

  it("state the bound the code keeps", () => {
    expect([...new Set(stated.map(numberIn))]).toEqual([kept]);
  });
});
