/**
 * The instant trigger's rules that need no AWS: the names and requests of its deploy, the secret
 * check, the body's size limit, the reading of Pipes records, and the bounded window of
 * delivered event IDs.
 */
import {
  advanceWindow,
  checkSecret,
  convertDelivery,
  headerValue,
  MAX_BODY_BYTES,
  MAX_REMEMBERED_BYTES,
  MAX_REMEMBERED_IDS,
  parseJsonPaced,
  parseWindow,
  readBody,
  rememberedId,
  secretMatches,
  toStreamRecord,
} from "../../src/engines/pipeDelivery";
import {
  apiDestinationRequest,
  checkWebhookUrl,
  connectionRequest,
  createPipeRequest,
  filterCriteria,
  type PipeSetup,
  resourceName,
  updatePipeRequest,
} from "../../src/engines/pipeSetup";
import { InputError } from "../../src/errors/inputError";
import { StepError } from "../../src/errors/stepError";

const SETUP: PipeSetup = {
  name: resourceName("instance-1", "flow-1"),
  description: "New and Changed Items (Instant)",
  secret: "s3cret-value",
  webhookUrl: "https://hooks.example.com/trigger/abc",
  streamArn:
    "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-05-01T12:00:00.000",
  roleArn: "arn:aws:iam::123456789012:role/Pipe",
  startPosition: "LATEST",
  batchSize: 1,
  maximumBatchingWindowSeconds: 0,
  eventTypes: ["INSERT", "REMOVE"],
};

const record = (id: string, extra: Record<string, unknown> = {}) => ({
  eventID: id,
  eventName: "INSERT",
  eventSource: "aws:dynamodb",
  awsRegion: "us-east-1",
  dynamodb: {
    ApproximateCreationDateTime: 1714566600,
    Keys: { id: { N: "12345678901234567890" } },
    NewImage: { id: { N: "12345678901234567890" }, photo: { B: "AAEC" }, price: { N: "1.50" } },
    SequenceNumber: "111100000000005596432866",
    SizeBytes: 40,
    StreamViewType: "NEW_AND_OLD_IMAGES",
  },
  eventSourceARN: SETUP.streamArn,
  ...extra,
});

describe("the deploy's names and requests", () => {
  it("derives one stable name per instance and flow, within every API's name rules", () => {
    const name = resourceName("instance-1", "flow-1");
    expect(name).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
    expect(resourceName("instance-1", "flow-1")).toBe(name);
    expect(resourceName("instance-1", "flow-2")).not.toBe(name);
    expect(resourceName("instance-2", "flow-1")).not.toBe(name);
    // The ids are not simply joined: ("a-b", "c") and ("a", "b-c") differ.
    expect(resourceName("a-b", "c")).not.toBe(resourceName("a", "b-c"));
    expect(resourceName("x".repeat(5000), "\u0000\n").length).toBe(name.length);
  });

  it("accepts only https webhook URLs without user information", () => {
    expect(checkWebhookUrl(SETUP.webhookUrl, "Flow 1")).toBe(SETUP.webhookUrl);
    for (const url of [
      "http://hooks.example.com/x",
      "https://user:pw@hooks.example.com/x",
      "not a url",
      "",
      undefined,
      42,
    ]) {
      const run = () => checkWebhookUrl(url, "Flow\n1\u001b[31m");
      expect(run).toThrow(StepError);
      try {
        run();
      } catch (error) {
        expect((error as StepError).code).toBe("webhookUrlRefused");
        const { message } = error as Error;
        expect(message.includes("\n") || message.includes("\u001b")).toBe(false);
        expect((error as Error).message).not.toContain("pw");
      }
    }
  });

  it("builds the connection, API destination and pipe from the inputs", () => {
    expect(connectionRequest(SETUP).AuthParameters).toEqual({
      ApiKeyAuthParameters: {
        ApiKeyName: "x-dynamodb-connector-secret",
        ApiKeyValue: "s3cret-value",
      },
    });
    expect(apiDestinationRequest(SETUP, "arn:conn")).toMatchObject({
      ConnectionArn: "arn:conn",
      InvocationEndpoint: SETUP.webhookUrl,
      HttpMethod: "POST",
    });
    const create = createPipeRequest(SETUP, "arn:dest");
    expect(create).toMatchObject({
      Source: SETUP.streamArn,
      Target: "arn:dest",
      DesiredState: "RUNNING",
    });
    expect(create.SourceParameters?.FilterCriteria).toEqual({
      Filters: [{ Pattern: '{"eventName":["INSERT","REMOVE"]}' }],
    });
    expect(
      createPipeRequest({ ...SETUP, eventTypes: undefined }, "t").SourceParameters,
    ).not.toHaveProperty("FilterCriteria");
    const update = updatePipeRequest({ ...SETUP, eventTypes: undefined }, "arn:dest");
    expect(update).not.toHaveProperty("Source");
    expect(update.SourceParameters?.DynamoDBStreamParameters).not.toHaveProperty(
      "StartingPosition",
    );
    expect(update.SourceParameters?.FilterCriteria).toEqual({ Filters: [] });
    expect(filterCriteria(["MODIFY"])).toEqual({
      Filters: [{ Pattern: '{"eventName":["MODIFY"]}' }],
    });
  });
});

describe("the secret check", () => {
  it("accepts the secret in any header case and refuses a missing or wrong one", () => {
    expect(checkSecret({ "X-DynamoDB-Connector-Secret": "s3cret" }, "s3cret")).toBeUndefined();
    expect(checkSecret({}, "s3cret")).toMatchObject({ status: 401 });
    expect(checkSecret({ "x-dynamodb-connector-secret": "s3cre" }, "s3cret")).toMatchObject({
      status: 403,
    });
    expect(checkSecret({ "x-dynamodb-connector-secret": "s3cret" }, undefined)).toMatchObject({
      status: 401,
    });
    expect(checkSecret(null, "s3cret")).toMatchObject({ status: 401 });
    // Different lengths are compared as equal-length digests: no RangeError from timingSafeEqual.
    expect(secretMatches("x".repeat(10_000), "s3cret")).toBe(false);
    expect(secretMatches(["s3cret"], "s3cret")).toBe(false);
    expect(secretMatches("", "")).toBe(false);
    // Own headers only: an inherited one is not the request's.
    const inherited = Object.create({ "x-dynamodb-connector-secret": "s3cret" });
    expect(headerValue(inherited, "x-dynamodb-connector-secret")).toBeUndefined();
    expect(checkSecret(inherited, "s3cret")).toMatchObject({ status: 401 });
  });
});

describe("the request's body", () => {
  it("is read from the raw bytes, and refused over the byte limit or when not JSON", async () => {
    const body = JSON.stringify([record("a")]);
    expect(await readBody(Buffer.from(body), undefined)).toEqual({ body: JSON.parse(body) });
    expect(await readBody(undefined, [record("a")])).toEqual({ body: [record("a")] });
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    expect(await readBody(big, undefined)).toMatchObject({ refusal: { status: 413 } });
    for (const text of ["{not json", "[1, 2", "[1,]", "[1] x", "[,1]", '["a]', "[1 2]"]) {
      expect(await readBody(text, undefined)).toMatchObject({ refusal: { status: 400 } });
    }
  });

  it("parses an array element by element exactly as JSON.parse would", async () => {
    const texts = [
      "[]",
      " [ ] ",
      '[{"a": "x,]}[\\"y\\"\\\\"}, [1, [2, {"b": []}]], "s", 3.5e2, null, true]',
      '[{"s": "\\u005d,"}]',
      '{"single": "record"}',
      "7",
    ];
    for (const text of texts) {
      expect(await parseJsonPaced(text)).toEqual(JSON.parse(text));
    }
  });

  it("names the record and the part that is not a stream record", () => {
    expect(() => toStreamRecord("text", 0)).toThrow(InputError);
    expect(() => toStreamRecord({ ...record("a"), eventName: "DROP" }, 2)).toThrow(
      'Record 3 of the request has eventName "DROP", not INSERT, MODIFY or REMOVE.',
    );
    const badImage = record("a");
    (badImage.dynamodb as Record<string, unknown>).NewImage = { id: { N: "not a number" } };
    expect(() => toStreamRecord(badImage, 0)).toThrow(/Record 1 of the request's NewImage/);
  });

  it("converts numbers losslessly and binary as base64, as the polling trigger does", async () => {
    const delivery = await convertDelivery([record("a")], { window: { ids: [] } });
    expect(delivery.records).toEqual([
      {
        eventName: "INSERT",
        eventId: "a",
        sequenceNumber: "111100000000005596432866",
        shardId: "",
        approximateCreationDateTime: "2024-05-01T12:30:00.000Z",
        keys: { id: "12345678901234567890" },
        newImage: { id: "12345678901234567890", photo: "AAEC", price: 1.5 },
        oldImage: null,
        userIdentity: null,
      },
    ]);
    expect(delivery.streamArn).toBe(SETUP.streamArn);
    expect(delivery.bytes).toBe(Buffer.byteLength(JSON.stringify(delivery.records[0])));
  });
});

describe("the window of delivered event IDs", () => {
  it("drops a record delivered before, within one request and across requests", async () => {
    const first = await convertDelivery([record("a"), record("b"), record("a")], {
      window: { ids: [] },
    });
    expect(first.records.map((change) => change.eventId)).toEqual(["a", "b"]);
    expect(first.duplicates).toBe(1);
    const again = await convertDelivery([record("b"), record("c")], { window: first.window });
    expect(again.records.map((change) => change.eventId)).toEqual(["c"]);
    expect(again.notices).toEqual([
      "1 record(s) delivered before were dropped (the pipe sent them again).",
    ]);
  });

  it("keeps a filtered-out record's ID too, and skips it", async () => {
    const delivery = await convertDelivery([record("a", { eventName: "MODIFY" })], {
      eventTypes: ["INSERT"],
      window: { ids: [] },
    });
    expect(delivery.records).toEqual([]);
    expect(delivery.window.ids).toEqual(["a"]);
  });

  it("is bounded by count and by bytes, dropping the oldest", () => {
    const ids = Array.from({ length: MAX_REMEMBERED_IDS + 10 }, (_, i) => `id-${i}`);
    const window = advanceWindow({ ids: [] }, ids);
    expect(window.ids).toHaveLength(MAX_REMEMBERED_IDS);
    expect(window.ids.at(-1)).toBe(ids.at(-1));
    const long = Array.from({ length: 3000 }, (_, i) => `${i}`.padStart(64, "x"));
    const byBytes = advanceWindow({ ids: [] }, long);
    expect(Buffer.byteLength(JSON.stringify(byBytes.ids))).toBeLessThanOrEqual(
      MAX_REMEMBERED_BYTES,
    );
    expect(byBytes.ids.at(-1)).toBe(long.at(-1));
    // A long ID is kept as a digest of fixed size.
    expect(rememberedId("y".repeat(100_000))).toHaveLength(43);
    expect(parseWindow({ ids: ["a", 3, null] })).toEqual({ ids: ["a"] });
    expect(parseWindow("junk")).toEqual({ ids: [] });
  });
});
