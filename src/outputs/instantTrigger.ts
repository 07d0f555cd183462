/**
 * The instant trigger's results: a request from its pipe checked (the secret, the body's size),
 * converted as the polling trigger converts records, and de-duplicated into the trigger's
 * `TableChangesData`, or refused with an HTTP error answer; and the position Initial Snapshot
 * fixes with a pipe (the pipe's own place in the stream).
 */
import type {
  ActionContext,
  HttpResponse,
  TriggerBaseResult,
  TriggerPayload,
} from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { type InstantParams, pipeNameOf, savedSecret } from "../engines/instantTrigger";
import {
  checkSecret,
  convertDelivery,
  parseWindow,
  type Refusal,
  readBody,
  withoutSecret,
} from "../engines/pipeDelivery";
import { settledPipeState } from "../engines/pipeSetup";
import { MAX_FIX_PAGES } from "../engines/snapshot";
import { InputError } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import { tableChangesData } from "./trigger";
import type { FixPosition } from "./triggerResolvers";

/** The instance state key of the window of delivered event IDs (this flow's own state). */
const WINDOW_KEY = "dynamodbInstantDelivered";

const NO_CHANGES = {
  records: [],
  hasMore: false,
  stoppedBy: null,
  bytes: 0,
  shards: { listed: 0, read: 0, notReached: 0, notReachedIds: [] },
  dataLoss: [],
};

/** A refused request: an HTTP error answer, no records, and the reason in the log. */
function refuse(
  context: ActionContext,
  payload: TriggerPayload,
  table: string,
  refusal: Refusal,
): TriggerBaseResult<TriggerPayload> {
  context.logger.warn(`Refused a request (HTTP ${refusal.status}): ${refusal.reason}`);
  const response: HttpResponse = {
    statusCode: refusal.status,
    contentType: "application/json",
    body: JSON.stringify({ error: refusal.reason }),
  };
  const data = tableChangesData({ ...NO_CHANGES, notices: [refusal.reason] }, table, "");
  return { payload: { ...payload, body: { data } }, response, polledNoChanges: true };
}

/**
 * One request from the pipe: checked, converted as the polling trigger does, de-duplicated
 * against the event IDs already delivered (kept in the instance state). A request without the
 * secret, too large, or not a pipe's is refused with 401, 403, 413 or 400 and no records.
 */
export async function deliver(
  context: ActionContext,
  payload: TriggerPayload,
  params: InstantParams,
): Promise<TriggerBaseResult<TriggerPayload>> {
  // Nothing is sent, but a bad connection or region is refused as in every step (by its label).
  connect(context, params);
  const clean = { ...payload, headers: withoutSecret(payload.headers), rawBody: { data: null } };
  const refusal = checkSecret(payload.headers, savedSecret(context));
  if (refusal) return refuse(context, clean, params.tableName, refusal);
  const reading = await readBody(payload.rawBody?.data, payload.body?.data);
  if ("refusal" in reading) return refuse(context, clean, params.tableName, reading.refusal);
  let delivery: Awaited<ReturnType<typeof convertDelivery>>;
  try {
    delivery = await convertDelivery(reading.body, {
      eventTypes: params.eventTypes,
      dynamoJson: params.returnDynamoJson,
      window: parseWindow(context.instanceState?.[WINDOW_KEY]),
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return refuse(context, clean, params.tableName, { status: 400, reason: error.message });
  }
  for (const notice of delivery.notices) context.logger.warn(notice);
  const data = tableChangesData(delivery, params.tableName, delivery.streamArn);
  return {
    payload: { ...clean, body: { data } },
    instanceState: { ...context.instanceState, [WINDOW_KEY]: delivery.window },
    polledNoChanges: delivery.records.length === 0,
  };
}

/**
 * Initial Snapshot's fixed position: the pipe's own place in the stream. A RUNNING pipe reads on
 * from its checkpoint, which is earlier than the scan; a pipe not yet running that starts at
 * TRIM_HORIZON will read every change the stream still holds (24 hours), the scan's included.
 * With LATEST the scan waits (MAX_FIX_PAGES pages, each waiting for the pipe's state) for the
 * pipe to run, then fails with a StepError (pipeSetupFailed): a change made before the pipe
 * started would be missed.
 */
export function pipePosition(start: InstantParams["startPosition"]): FixPosition {
  return async (context, step, _streamArn, cursor) => {
    const name = pipeNameOf(context);
    const state = await settledPipeState(step, name);
    if (state === "RUNNING") return { done: true, position: "kept", notices: [] };
    const where = state ? `is ${state}` : "is not set up yet";
    if (start === "TRIM_HORIZON") {
      const notice = `The pipe ${name} ${where}; it starts at TRIM_HORIZON, so the changes made during the snapshot reach the flow once it runs.`;
      return { done: true, position: "fixed", notices: [notice] };
    }
    if (cursor.pages + 1 < MAX_FIX_PAGES) {
      return {
        done: false,
        position: "partlyFixed",
        notices: [`Waiting for the pipe ${name}, which ${where}, before the snapshot's scan.`],
      };
    }
    throw new StepError(
      "pipeSetupFailed",
      `Initial Snapshot waited for the pipe ${name} to be RUNNING before scanning the table, but it ${where}: with Start Position LATEST, a change made before the pipe runs would be missed. Set Start Position to TRIM_HORIZON, or deploy again once the pipe runs.`,
    );
  };
}
