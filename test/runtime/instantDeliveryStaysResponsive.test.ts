/**
 * The instant trigger converts a large delivery (close to its 8 MB body limit) with the event
 * loop yielded every few ms, so other steps' timers and sockets keep running; a body over the
 * limit is refused before it is parsed.
 */
import { MAX_BODY_BYTES } from "../../src/engines/pipeDelivery";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { debugShare, watchLoop } from "../support/loopShare";

const SECRET = "a-secret-for-this-flow";
const HEADER = "x-dynamodb-connector-secret";
/** The harness's flow (stable id "flowStableId") holds the secret a deploy would have kept. */
const crossFlowState = {
  "dynamodbInstant:flowStableId": { secret: SECRET, name: "n", region: "us-east-1", table: "T" },
};
const params = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
  pipeRoleArn: "arn:aws:iam::123456789012:role/Pipe",
};

/** `count` Pipes records with images of about 1.5 KB of DynamoDB JSON each. */
function records(count: number) {
  const image = (i: number) => ({
    id: { N: String(i) },
    note: { S: "x".repeat(600) },
    amounts: { L: Array.from({ length: 40 }, (_, j) => ({ N: `${i}.${j}` })) },
  });
  return Array.from({ length: count }, (_, i) => ({
    eventID: `event-${i}`,
    eventName: "MODIFY",
    dynamodb: {
      ApproximateCreationDateTime: 1714566600,
      Keys: { id: { N: String(i) } },
      NewImage: image(i),
      OldImage: image(i),
      SequenceNumber: String(10n ** 22n + BigInt(i)),
    },
    eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024",
  }));
}

function deliver(body: string) {
  return harness.trigger(
    "tableChangesInstant",
    { headers: { [HEADER]: SECRET }, rawBody: { data: Buffer.from(body) }, body: { data: null } },
    params,
    { crossFlowState, instanceState: {} },
  ) as Promise<{
    payload: { body: { data: { count: number } } };
    response?: { statusCode: number };
  }>;
}

beforeEach(resetCaches);

it("lets timers run while it converts a delivery of several MB", async () => {
  const body = JSON.stringify(records(2_000));
  expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
  expect(body.length).toBeLessThan(MAX_BODY_BYTES);
  await deliver(JSON.stringify(records(1)));
  const watch = watchLoop();
  const output = await deliver(body);
  const seen = watch.stop();
  debugShare("delivery", seen);
  expect(output.response).toBeUndefined();
  expect(output.payload.body.data.count).toBe(2_000);
  // Converting takes a few hundred ms of CPU here: unpaced, the timer would not run meanwhile.
  expect(seen.turns).toBeGreaterThanOrEqual(20);
  // The longest stretch is the body's one JSON.parse (tens of ms for 8 MB), not the conversion.
  // In CPU time (support/loopShare.ts), which a busy machine does not lengthen as it does the
  // wall-clock gap.
  expect(seen.longestCpuMs).toBeLessThan(300);
}, 60_000);

it("refuses a body over the limit before it is parsed", async () => {
  const output = await deliver(`[${" ".repeat(MAX_BODY_BYTES)}]`);
  expect(output.response?.statusCode).toBe(413);
  expect(output.payload.body.data.count).toBe(0);
});
