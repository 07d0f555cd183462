/**
 * The trigger's inputs: where the first poll starts, which kinds of change it delivers, and how
 * many one poll delivers at most (GetRecords' own limit is 1,000 per call).
 */
import { input } from "@prismatic-io/spectral";
import { BYTE_BUDGET_TEXT } from "../common/limits";
import { InputError, show } from "../errors/inputError";
import { dense } from "../values/json";
import { isBlank } from "../values/primitives";
import { DOCS } from "./definitions";
import { cleanBoolean, cleanChoice, cleanInteger } from "./scalars";

const START_POSITIONS = ["LATEST", "TRIM_HORIZON"] as const;
export type StartPosition = (typeof START_POSITIONS)[number];

const EVENT_TYPES = ["INSERT", "MODIFY", "REMOVE"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** GetRecords returns at most 1,000 records per call. */
export const MAX_RECORDS_LIMIT = 1000;

const DEFAULT_MAX_RECORDS = 100;

export const startPosition = input({
  label: "Start Position",
  type: "string",
  required: false,
  default: "LATEST",
  model: [
    { label: "LATEST: only changes made after the first poll", value: "LATEST" },
    {
      label: "TRIM_HORIZON: every change still in the stream (up to 24 hours)",
      value: "TRIM_HORIZON",
    },
  ],
  comments: `Where the first poll starts reading. LATEST delivers only changes made after the trigger first runs; TRIM_HORIZON starts with the oldest change the stream still holds (DynamoDB keeps 24 hours). Later polls always continue from the saved position. Learn more about [DynamoDB Streams](${DOCS}/Streams.html).`,
  clean: cleanChoice("Start Position", START_POSITIONS, "LATEST"),
});

/** Event Types: a value list, or a comma-separated text; blank means every type. */
export function cleanEventTypes(value: unknown): EventType[] | undefined {
  if (isBlank(value)) return undefined;
  const label = "Event Types";
  const entries: unknown[] = Array.isArray(value) ? dense(value) : [value];
  const names = entries.flatMap((entry) => {
    if (typeof entry !== "string") {
      throw new InputError(
        label,
        "invalidValue",
        `${label} must list INSERT, MODIFY or REMOVE, not ${show(entry)}.`,
      );
    }
    return entry.split(/[\s,]+/).filter(Boolean);
  });
  const clean = cleanChoice(label, EVENT_TYPES);
  const types = new Set<EventType>();
  for (const name of names) types.add(clean(name) as EventType);
  // Every type selected is the same as no filter.
  return types.size === 0 || types.size === EVENT_TYPES.length ? undefined : [...types];
}

export const eventTypes = input({
  label: "Event Types",
  type: "string",
  collection: "valuelist",
  required: false,
  model: EVENT_TYPES.map((type) => ({ label: type, value: type })),
  comments:
    "Optional. The kinds of change to deliver: INSERT (new item), MODIFY (changed item) and REMOVE (deleted item). Leave blank for all three.",
  example: "INSERT",
  clean: cleanEventTypes,
});

export const maxRecords = input({
  label: "Max Records",
  type: "string",
  required: false,
  default: String(DEFAULT_MAX_RECORDS),
  comments: `The most changes one poll delivers, from 1 to ${MAX_RECORDS_LIMIT}. A poll also stops before its changes pass about ${BYTE_BUDGET_TEXT} of JSON. When more are waiting, the next poll continues right after the last one delivered.`,
  example: "100",
  clean: (value: unknown) =>
    cleanInteger("Max Records", 1, MAX_RECORDS_LIMIT)(value) ?? DEFAULT_MAX_RECORDS,
});

/** A snapshot scan reads this many segments at once by default (about 1 MB each in flight). */
const DEFAULT_SNAPSHOT_SEGMENTS = 4;
/** DynamoDB's parallel scan allows up to 1,000,000 segments; more than 64 only adds cursors. */
export const MAX_SNAPSHOT_SEGMENTS = 64;

export const initialSnapshot = input({
  label: "Initial Snapshot",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, deploying the instance first delivers every item of the table as a SNAPSHOT record (the flow's initial sync), then changes continue from a stream position fixed before the scan started, so no change is missed. An item changed during the scan can arrive twice, as a SNAPSHOT and as a change: apply records by key and sequence number (see the trigger's docs).",
  clean: cleanBoolean("Initial Snapshot"),
});

export const snapshotSegments = input({
  label: "Snapshot Segments",
  type: "string",
  required: false,
  default: String(DEFAULT_SNAPSHOT_SEGMENTS),
  comments: `Used only with Initial Snapshot: how many segments the snapshot scan splits the table into and reads side by side, from 1 to ${MAX_SNAPSHOT_SEGMENTS}. Each page of the snapshot delivers at most about ${BYTE_BUDGET_TEXT} of items.`,
  example: "4",
  clean: (value: unknown) =>
    cleanInteger("Snapshot Segments", 1, MAX_SNAPSHOT_SEGMENTS)(value) ?? DEFAULT_SNAPSHOT_SEGMENTS,
});
