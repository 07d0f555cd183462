/**
 * Credential faults for the loopback fault proxy and fake STS (faultProxy.ts): an endpoint whose
 * clock differs from this machine's (it refuses requests signed more than 5 minutes off its own
 * time, as AWS does, and sends its time in the Date header, from which the SDK corrects), and an
 * STS that throttles AssumeRole.
 */
import type http from "node:http";

/** One answer to send: status, headers, body. */
export interface CannedAnswer {
  status: number;
  headers: Record<string, string | number>;
  body: string;
}

/** AWS refuses a request whose X-Amz-Date is further than this from its own clock. */
export const SIGNING_TOLERANCE_MS = 5 * 60_000;

/** "20260101T000000Z" -> its time in ms, or NaN. */
function amzDate(value: string | undefined): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
}

function amzText(time: number): string {
  return new Date(time)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * The answer of an endpoint whose clock runs `offsetMs` ahead of this machine's (behind when
 * negative) to `request`: DynamoDB's "Signature expired" (or "not yet current")
 * InvalidSignatureException, with the endpoint's time in the Date header, when the request was
 * signed further than SIGNING_TOLERANCE_MS from that time; undefined (let it through) otherwise.
 * `withDate: false` leaves the Date header out, so that the SDK cannot measure the difference.
 */
export function clockSkewAnswer(
  request: http.IncomingMessage,
  offsetMs: number,
  withDate = true,
): CannedAnswer | undefined {
  const header = request.headers["x-amz-date"];
  const signedAt = amzDate(Array.isArray(header) ? header[0] : header);
  const now = Date.now() + offsetMs;
  if (!Number.isNaN(signedAt) && Math.abs(now - signedAt) <= SIGNING_TOLERANCE_MS) return undefined;
  const message =
    signedAt < now
      ? `Signature expired: ${amzText(signedAt)} is now earlier than ${amzText(now - SIGNING_TOLERANCE_MS)} (${amzText(now)} - 5 min.)`
      : `Signature not yet current: ${amzText(signedAt)} is still later than ${amzText(now + SIGNING_TOLERANCE_MS)} (${amzText(now)} + 5 min.)`;
  const body = JSON.stringify({
    __type: "com.amazon.coral.service#InvalidSignatureException",
    message,
  });
  return {
    status: 400,
    headers: {
      "Content-Type": "application/x-amz-json-1.0",
      "Content-Length": Buffer.byteLength(body),
      "x-amzn-RequestId": "fault-proxy-clock",
      ...(withDate ? { Date: new Date(now).toUTCString() } : {}),
    },
    body,
  };
}

/** STS's answer to a throttled AssumeRole (the query protocol's XML error). */
export function stsThrottleAnswer(requestNumber: number): CannedAnswer {
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded (injected by the fake STS)</Message></Error><RequestId>fake-sts-${requestNumber}</RequestId></ErrorResponse>`;
  return {
    status: 400,
    headers: { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(body) },
    body,
  };
}

/** Sends a canned answer; a Date header in it replaces the one Node would add. */
export function sendCanned(response: http.ServerResponse, answer: CannedAnswer): void {
  if (!("Date" in answer.headers)) response.sendDate = false;
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}
