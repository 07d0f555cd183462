/**
 * New and Changed Items for a flow that batches: the trigger's resolver makes one execution per
 * change record (batch size 1 by default), and a run drains a backlog page by page with its
 * pagination state, each change once across pages and across runs. The resolvers are called as
 * the platform calls them (test/support/triggerRuns.ts); spectral's harness calls only perform.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { mockClient } from "aws-sdk-client-mock";
import { resetStreamSettings, streamSettings } from "../../src/engines/streams";
import { MAX_DRAIN_PAGES, parseDrainCursor } from "../../src/engines/triggerPages";
import component from "../../src/index";
import { changeRecordsResolver } from "../../src/outputs/triggerResolvers";
import { change, FakeStream, STREAM_ARN } from "../support/fakeStream";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { runBatched, serverTrigger } from "../support/triggerRuns";

const ddbMock = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
  startPosition: "TRIM_HORIZON",
};

interface Delivered {
  eventName: string;
  sequenceNumber: string;
  shardId: string;
  keys: { id: string };
}

let stream: FakeStream;

beforeEach(() => {
  resetCaches();
  resetStreamSettings();
  ddbMock.reset();
  streamsMock.reset();
  stream = new FakeStream();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      LatestStreamArn: STREAM_ARN,
    },
  });
  streamsMock.on(DescribeStreamCommand).callsFake((input) => stream.describe(input));
  streamsMock.on(GetShardIteratorCommand).callsFake((input) => stream.iterator(input));
  streamsMock.on(GetRecordsCommand).callsFake((input) => stream.getRecords(input));
});

afterAll(() => resetStreamSettings());

/** A closed parent with `parentCount` changes and an open child with `childCount` after them. */
function backlog(parentCount: number, childCount: number): void {
  const records = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) =>
      change(from + i, i % 3 === 0 ? "INSERT" : "MODIFY", `key-${(from + i) % 40}`, from + i),
    );
  stream.shards.push(
    { id: "shard-parent", start: 1, closed: true, records: records(1, parentCount) },
    {
      id: "shard-child",
      parent: "shard-parent",
      start: parentCount + 1,
      closed: false,
      records: records(parentCount + 1, childCount),
    },
  );
}

const sequenceNumbers = (items: unknown[]) =>
  (items as Delivered[]).map((record) => record.sequenceNumber);

describe("the trigger's declaration", () => {
  it("lets a flow batch (valid, not required), one change per execution by default, with both resolvers", () => {
    const trigger = serverTrigger(component, "tableChanges");
    expect(trigger.triggerResolverSupport).toBe("valid");
    expect(trigger.triggerResolverDefaultBatchSize).toBe(1);
    expect(typeof trigger.resolveTriggerItems).toBe("function");
    expect(typeof trigger.getNextPaginationState).toBe("function");
    expect(typeof trigger.resolveOnDeployItems).toBe("function");
    expect(typeof trigger.getOnDeployNextPaginationState).toBe("function");
    expect(typeof trigger.onDeployPerform).toBe("function");
  });
});

describe("changeRecordsResolver", () => {
  const context = {} as never;
  it("gives each record as an item, and no item (not a TypeError) for a result without records", () => {
    const records = [{ sequenceNumber: "1" }, { sequenceNumber: "2" }];
    const result = (body: unknown) => ({ payload: { body } }) as never;
    expect(changeRecordsResolver.resolveItems?.(context, result({ data: { records } }))).toEqual(
      records,
    );
    for (const odd of [undefined, null, "text", { data: null }, { data: { records: "x" } }]) {
      expect(changeRecordsResolver.resolveItems?.(context, result(odd))).toEqual([]);
    }
    expect(changeRecordsResolver.resolveItems?.(context, {} as never)).toEqual([]);
  });

  it("goes on only to a page the perform named, and ends on anything else", () => {
    const next = { page: 2 };
    const result = (paginationState: unknown) => ({ payload: { paginationState } }) as never;
    expect(changeRecordsResolver.getNextPaginationState?.(context, result(next))).toEqual(next);
    for (const end of [undefined, null, "2", [next]]) {
      expect(changeRecordsResolver.getNextPaginationState?.(context, result(end))).toBeNull();
    }
  });
});

describe("draining a backlog", () => {
  it("delivers 2,500 changes across pages, each once and in order, then ends the run when caught up", async () => {
    backlog(1500, 1000);
    const instanceState = {};
    const run = await runBatched(
      component,
      "tableChanges",
      { ...base, maxRecords: "100" },
      { instanceState },
    );
    // One item per change: 25 full pages of 100; the 26th finds the open shard at its tip.
    expect(run.items).toHaveLength(2500);
    expect(sequenceNumbers(run.items)).toEqual(
      stream.shards.flatMap((shard) => shard.records.map((r) => r.dynamodb?.SequenceNumber)),
    );
    expect(run.pages.length).toBeLessThanOrEqual(26);
    expect(run.pages.at(-1)?.next).toBeNull();
    expect(run.pages.slice(0, -1).every((page) => page.items.length === 100)).toBe(true);
    // Every page but the last said there was more, and the next one carried on from it.
    expect(run.pages.slice(0, -1).every((page) => page.result.payload.body.data.hasMore)).toBe(
      true,
    );

    // The next run starts where the last page ended: nothing again, then only what is new.
    const idle = await runBatched(component, "tableChanges", base, { instanceState });
    expect(idle.items).toEqual([]);
    expect(idle.pages).toHaveLength(1);
    expect(idle.pages[0].result.resultType).toBe("polled_no_changes");
    stream.shards[1].records.push(change(3000, "REMOVE", "key-1", 9));
    const more = await runBatched(component, "tableChanges", base, { instanceState });
    expect(sequenceNumbers(more.items)).toEqual([
      stream.shards[1].records.at(-1)?.dynamodb?.SequenceNumber,
    ]);
  });

  it("needs no state kept between the pages of a run: each page goes on from its cursor", async () => {
    backlog(300, 200);
    const instanceState = {};
    const run = await runBatched(
      component,
      "tableChanges",
      { ...base, maxRecords: "100" },
      { instanceState, statePerPage: false },
    );
    expect(new Set(sequenceNumbers(run.items)).size).toBe(500);
    expect(run.items).toHaveLength(500);
    const next = await runBatched(component, "tableChanges", base, { instanceState });
    expect(next.items).toEqual([]);
  });

  it(`stops a run after ${MAX_DRAIN_PAGES} pages and leaves the rest to the next run, none twice`, async () => {
    backlog(0, MAX_DRAIN_PAGES + 7);
    const instanceState = {};
    const params = { ...base, maxRecords: "1" };
    const first = await runBatched(component, "tableChanges", params, { instanceState });
    expect(first.pages).toHaveLength(MAX_DRAIN_PAGES);
    expect(first.items).toHaveLength(MAX_DRAIN_PAGES);
    // The last page says truthfully that more is waiting, though the run ends there.
    expect(first.pages.at(-1)?.result.payload.body.data.hasMore).toBe(true);
    const second = await runBatched(component, "tableChanges", params, { instanceState });
    expect(second.items).toHaveLength(7);
    const all = sequenceNumbers([...first.items, ...second.items]);
    expect(new Set(all).size).toBe(MAX_DRAIN_PAGES + 7);
  });

  it("keeps a flow that does not batch as it was: no pagination state once caught up", async () => {
    backlog(0, 150);
    const instanceState = {};
    const poll = async () =>
      (await harness.trigger("tableChanges", undefined, { ...base, maxRecords: "100" } as never, {
        instanceState,
      })) as unknown as {
        payload: Record<string, unknown> & { body: { data: { count: number } } };
      };
    const full = await poll();
    expect(full.payload.body.data.count).toBe(100);
    expect(full.payload.paginationState).toMatchObject({ page: 2 });
    const rest = await poll();
    expect(rest.payload.body.data.count).toBe(50);
    expect("paginationState" in rest.payload).toBe(false);
  });

  it("refuses a pagination state it did not write, by name, before reading anything", async () => {
    backlog(0, 10);
    for (const odd of [{ page: 2 }, { page: "2", state: {} }, { page: 1.5 }, "x"]) {
      streamsMock.resetHistory();
      await expect(
        harness.trigger("tableChanges", { paginationState: odd } as never, base as never, {
          instanceState: {},
        }),
      ).rejects.toThrow(/pagination state from the previous page was not recognised/);
      expect(streamsMock.commandCalls(GetRecordsCommand)).toHaveLength(0);
    }
    const otherStream = { version: 1, streamArn: `${STREAM_ARN}x`, shards: {}, finished: [] };
    expect(() => parseDrainCursor({ page: 2, state: otherStream }, STREAM_ARN)).toThrow(
      /another stream/,
    );
  });

  it("ends a page at the byte budget and continues after it on the next page", async () => {
    backlog(0, 30);
    streamSettings.byteBudget = 2_000;
    const run = await runBatched(
      component,
      "tableChanges",
      { ...base, maxRecords: "1000" },
      { instanceState: {} },
    );
    expect(run.items).toHaveLength(30);
    expect(run.pages.length).toBeGreaterThan(3);
    const stopped = run.pages.slice(0, -1).map((page) => page.result.payload.body.data.stoppedBy);
    expect(new Set(stopped)).toEqual(new Set(["byteBudget"]));
  });
});
