/**
 * What the instant trigger does with one request from its pipe: checks the secret header the
 * pipe's EventBridge connection adds, reads the stream records Pipes delivers (a JSON array, or
 * one record), converts them exactly as the polling trigger converts GetRecords' records
 * (formatRecord in streams.ts), and drops records delivered before (a bounded window of event IDs).
 *
 * Pipes delivers at least once: a request it saw fail (a timeout, a 5xx) is sent again with the
 * same records, and a restarted pipe resumes from its last checkpoint. The window catches those.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { _Record, OperationType } from "@aws-sdk/client-dynamodb-streams";
import { Pacer } from "../common/pacing";
import { InputError, show } from "../errors/inputError";
import type { EventType } from "../inputs/streams";
import { typedToMap } from "../values/items";
import { isPlainObject } from "../values/json";
import { type ChangeRecord, formatRecord, type PollResult } from "./streams";

/** The header the pipe's EventBridge connection sends the secret in (its API key name). */
export const SECRET_HEADER = "x-dynamodb-connector-secret";

/**
 * The largest request body read, in bytes (8 MB): more than a batch of several records with two
 * full 400 KB images in DynamoDB JSON. A larger body is refused (HTTP 413) before it is parsed.
 */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The window of delivered event IDs kept in the flow's instance state: the last 2,000 IDs and at
 * most 96 KB of them (DynamoDB's event IDs are 32 characters, so the count is the limit in
 * practice). A record whose ID is in the window is dropped; one older than the window is not
 * recognised (Pipes re-sends a failed request within minutes, far inside 2,000 records).
 */
export const MAX_REMEMBERED_IDS = 2000;
export const MAX_REMEMBERED_BYTES = 96 * 1024;
/** IDs longer than this are remembered by a SHA-256 digest, so one cannot fill the window. */
const MAX_RAW_ID_LENGTH = 64;

/** Why a request was refused, with the HTTP status the trigger answers. */
export interface Refusal {
  status: 400 | 401 | 403 | 413;
  reason: string;
}

/**
 * Is `received` (a header value, or undefined) the secret? Compared in constant time: both are
 * hashed to SHA-256 digests of equal length first, so neither the length nor a common prefix of
 * the secret shows in the time taken.
 */
export function secretMatches(received: unknown, secret: string): boolean {
  if (typeof received !== "string" || secret === "") return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(received), digest(secret));
}

/** A header's value by name, whatever the case the platform kept it in (own keys only). */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!isPlainObject(headers)) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = headers[key];
    if (typeof value === "string") return value;
    if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  }
  return undefined;
}

/**
 * Checks a request's secret header: undefined when it holds the secret, else the refusal (401
 * without the header, 403 with a wrong one; a flow deployed without a secret refuses all).
 */
export function checkSecret(headers: unknown, secret: string | undefined): Refusal | undefined {
  const received = headerValue(headers, SECRET_HEADER);
  if (!secret) {
    return {
      status: 401,
      reason:
        "The trigger holds no secret for this flow (its pipe was not set up by a deploy of this instance), so no request is accepted. Deploy the instance again.",
    };
  }
  if (received === undefined) {
    return { status: 401, reason: `The request has no ${SECRET_HEADER} header.` };
  }
  if (!secretMatches(received, secret)) {
    return { status: 403, reason: `The request's ${SECRET_HEADER} header is not the secret.` };
  }
  return undefined;
}

function bytesOf(value: unknown): Buffer | undefined {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
  if (typeof value === "string") return Buffer.from(value, "utf8");
  return undefined;
}

/** A request's headers without the secret, which must not reach the flow's output. */
export function withoutSecret(headers: unknown): Record<string, string> {
  const kept: Record<string, string> = {};
  if (!isPlainObject(headers)) return kept;
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (key.toLowerCase() !== SECRET_HEADER && typeof value === "string") kept[key] = value;
  }
  return kept;
}

/** A request's body read as JSON, or why it was refused. */
export type BodyReading = { body: unknown } | { refusal: Refusal };

/**
 * The request's body as JSON: the raw bytes when the platform gives them (measured before they
 * are parsed), else its parsed body. A body over MAX_BODY_BYTES, or one that is not JSON, is a
 * refusal. A JSON array (how Pipes sends records) is parsed element by element with the event
 * loop yielded between them: one JSON.parse of 8 MB would hold the process for hundreds of ms.
 */
export async function readBody(rawBody: unknown, parsedBody: unknown): Promise<BodyReading> {
  const raw = bytesOf(rawBody) ?? bytesOf(parsedBody);
  if (raw === undefined) {
    const size = Buffer.byteLength(JSON.stringify(parsedBody ?? null) ?? "");
    return size > MAX_BODY_BYTES ? { refusal: tooLarge(size) } : { body: parsedBody };
  }
  if (raw.length > MAX_BODY_BYTES) return { refusal: tooLarge(raw.length) };
  try {
    return { body: await parseJsonPaced(raw.toString("utf8")) };
  } catch {
    return { refusal: { status: 400, reason: "The request's body is not JSON." } };
  }
}

/** How many characters the array scanner reads between two checks of the pacer. */
const SCAN_CHUNK = 64 * 1024;

/**
 * JSON text to a value; a top-level array is split into its elements' texts by a scan that
 * follows strings and nesting (and yields every few ms), and each element is parsed on its own.
 * Throws a SyntaxError for text that is not JSON.
 */
export async function parseJsonPaced(text: string): Promise<unknown> {
  const first = text.search(/\S/);
  if (first === -1 || text[first] !== "[") return JSON.parse(text);
  const pacer = new Pacer();
  const elements: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = first + 1;
  for (let i = first + 1; i < text.length; i++) {
    if (i % SCAN_CHUNK === 0 && pacer.due()) await pacer.pause();
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && depth > 0) depth--;
    else if (c === 0x2c && depth === 0) {
      elements.push(JSON.parse(text.slice(start, i)));
      start = i + 1;
    } else if (c === 0x5d) {
      // The array's end: its last element, then nothing but white space.
      const last = text.slice(start, i);
      if (last.trim() !== "" || elements.length > 0) elements.push(JSON.parse(last));
      if (text.slice(i + 1).trim() !== "") throw new SyntaxError("Text after the JSON array.");
      return elements;
    }
  }
  throw new SyntaxError("The JSON array does not end.");
}

function tooLarge(size: number): Refusal {
  return {
    status: 413,
    reason: `The request's body is ${size} bytes, over the ${MAX_BODY_BYTES} bytes one delivery may hold. Lower the trigger's Batch Size.`,
  };
}

const EVENT_NAMES = new Set(["INSERT", "MODIFY", "REMOVE"]);

/** An image or the keys of a Pipes record (DynamoDB JSON, binary as base64) as AttributeValues. */
function imageOf(value: unknown, label: string): Record<string, AttributeValue> | undefined {
  return value === undefined || value === null ? undefined : typedToMap(value, label);
}

/** ApproximateCreationDateTime as Pipes gives it: epoch seconds (a number). */
function creationTime(value: unknown): Date | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
  return new Date(value * 1000);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * One record as Pipes delivers it (the Lambda-style DynamoDB stream record: eventID, eventName,
 * dynamodb{Keys, NewImage, OldImage, SequenceNumber, ApproximateCreationDateTime in epoch seconds},
 * userIdentity{type, principalId}, eventSourceARN) as the Streams API's record, the shape
 * formatRecord converts. Throws an InputError naming the record and the part that is wrong.
 */
export function toStreamRecord(raw: unknown, index: number): _Record {
  const label = `Record ${index + 1} of the request`;
  if (!isPlainObject(raw) || !isPlainObject(raw.dynamodb)) {
    throw new InputError(label, "wrongKind", `${label} is not a DynamoDB stream record.`);
  }
  const eventName = text(raw.eventName);
  if (!eventName || !EVENT_NAMES.has(eventName)) {
    throw new InputError(
      label,
      "invalidValue",
      `${label} has eventName ${show(raw.eventName)}, not INSERT, MODIFY or REMOVE.`,
    );
  }
  const data = raw.dynamodb;
  const identity = isPlainObject(raw.userIdentity) ? raw.userIdentity : undefined;
  return {
    eventID: text(raw.eventID),
    eventName: eventName as OperationType,
    eventSource: text(raw.eventSource),
    awsRegion: text(raw.awsRegion),
    dynamodb: {
      Keys: imageOf(data.Keys, `${label}'s Keys`) ?? {},
      NewImage: imageOf(data.NewImage, `${label}'s NewImage`),
      OldImage: imageOf(data.OldImage, `${label}'s OldImage`),
      SequenceNumber: text(data.SequenceNumber),
      ApproximateCreationDateTime: creationTime(data.ApproximateCreationDateTime),
    },
    ...(identity
      ? { userIdentity: { Type: text(identity.type), PrincipalId: text(identity.principalId) } }
      : {}),
  } as _Record;
}

/** The window of delivered event IDs, oldest first, as kept in the instance state. */
export interface DeliveredWindow {
  ids: string[];
}

/** The saved window, or an empty one for anything else (a first delivery, a foreign value). */
export function parseWindow(raw: unknown): DeliveredWindow {
  if (!isPlainObject(raw) || !Array.isArray(raw.ids)) return { ids: [] };
  return { ids: raw.ids.filter((id): id is string => typeof id === "string") };
}

/** The key an event ID is remembered by: itself, or a digest of a long one. */
export function rememberedId(eventId: string): string {
  return eventId.length <= MAX_RAW_ID_LENGTH
    ? eventId
    : createHash("sha256").update(eventId, "utf8").digest("base64url");
}

/** The window with `added` appended, cut from the oldest end to the count and byte limits. */
export function advanceWindow(window: DeliveredWindow, added: string[]): DeliveredWindow {
  const ids = [...window.ids, ...added];
  let start = Math.max(0, ids.length - MAX_REMEMBERED_IDS);
  // JSON bytes of the kept IDs: each is written quoted, with a comma.
  let bytes = 0;
  for (let i = ids.length - 1; i >= start; i--) {
    bytes += Buffer.byteLength(ids[i]) + 3;
    if (bytes > MAX_REMEMBERED_BYTES) {
      start = i + 1;
      break;
    }
  }
  return { ids: ids.slice(start) };
}

/** What one delivery gives the flow, in the polling trigger's terms. */
export interface Delivery extends Omit<PollResult, "state"> {
  /** The eventSourceARN of the records (the stream), or "" when none gave one. */
  streamArn: string;
  /** The window to save, with this delivery's records added. */
  window: DeliveredWindow;
  /** How many records were dropped as delivered before. */
  duplicates: number;
}

export interface DeliveryOptions {
  eventTypes?: readonly EventType[];
  dynamoJson?: boolean;
  window: DeliveredWindow;
}

/**
 * Converts a delivery's records. A record whose event ID is in the window (or earlier in the same
 * request) is dropped and counted; a record of a type outside Event Types is skipped (the pipe's
 * own filter normally keeps them out). Pipes does not say which shard a record came from, so each
 * record's shardId is "". Throws an InputError for a body that is not stream records.
 */
export async function convertDelivery(body: unknown, options: DeliveryOptions): Promise<Delivery> {
  const list = Array.isArray(body) ? body : [body];
  const seen = new Set(options.window.ids);
  const filter = options.eventTypes?.length ? new Set<string>(options.eventTypes) : undefined;
  const records: ChangeRecord[] = [];
  const added: string[] = [];
  const pacer = new Pacer();
  let duplicates = 0;
  let bytes = 0;
  let streamArn = "";
  for (const [index, raw] of list.entries()) {
    if (pacer.due()) await pacer.pause();
    const record = toStreamRecord(raw, index);
    streamArn ||= text((raw as Record<string, unknown>).eventSourceARN) ?? "";
    const id = record.eventID === undefined ? undefined : rememberedId(record.eventID);
    if (id !== undefined && seen.has(id)) {
      duplicates += 1;
      continue;
    }
    if (id !== undefined) {
      seen.add(id);
      added.push(id);
    }
    if (filter && !filter.has(record.eventName ?? "")) continue;
    const change = formatRecord(record, "", options.dynamoJson);
    bytes += Buffer.byteLength(JSON.stringify(change));
    records.push(change);
  }
  return {
    records,
    hasMore: false,
    stoppedBy: null,
    bytes,
    shards: { listed: 0, read: 0, notReached: 0, notReachedIds: [] },
    dataLoss: [],
    notices:
      duplicates > 0
        ? [`${duplicates} record(s) delivered before were dropped (the pipe sent them again).`]
        : [],
    streamArn,
    window: advanceWindow(options.window, added),
    duplicates,
  };
}
