/**
 * Two connections never see each other's data. DynamoDB Local (started without -sharedDb) keeps a
 * separate database per access key, as two AWS accounts are separate: each connection gets a
 * table of the same name with different contents, plus a table of its own. Then 200 invocations of
 * Get Item, Upsert Item, Query Items and List Tables, alternating between the two connections, run
 * at the same time through the connector's shared caches (clients and key schemas); every answer
 * must come from its own connection's data, and every write must land in its own database only.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { cachedClientCount } from "../../src/aws/client";
import { waitForTableActive } from "../../tools/dynamoLocal";
import { harness, resetCaches } from "../support/harness";
import { LOCAL_REGION, localConnection, localEndpoint, uniqueTableName } from "../support/local";

/** Two tenants: distinct access keys, so DynamoDB Local gives each its own database. */
const TENANTS = {
  alpha: { accessKeyId: "isolationAlpha", secretAccessKey: "alpha-secret-0001" },
  beta: { accessKeyId: "isolationBeta", secretAccessKey: "beta-secret-0002" },
} as const;
type Tenant = keyof typeof TENANTS;

/** The same table name in both databases; each tenant also has a table the other lacks. */
const shared = uniqueTableName("isolation_shared");
const own: Record<Tenant, string> = {
  alpha: uniqueTableName("isolation_alpha_only"),
  beta: uniqueTableName("isolation_beta_only"),
};
/** Alpha's partitions hold 3 items each, Beta's 5, so a query answer shows whose table it read. */
const SIZE: Record<Tenant, number> = { alpha: 3, beta: 5 };
const PARTITIONS = 10;

const clients = {} as Record<Tenant, DynamoDBClient>;

function rawFor(tenant: Tenant): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: localEndpoint(),
    region: LOCAL_REGION,
    credentials: TENANTS[tenant],
  });
}

const connectionFor = (tenant: Tenant) => localConnection(TENANTS[tenant]);

async function createTable(tenant: Tenant, name: string): Promise<void> {
  const client = clients[tenant];
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
  await waitForTableActive(client, name);
}

async function deleteTable(tenant: Tenant, name: string): Promise<void> {
  await clients[tenant].send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
}

async function fill(tenant: Tenant): Promise<void> {
  const items = [];
  for (let p = 0; p < PARTITIONS; p++) {
    for (let s = 0; s < SIZE[tenant]; s++) {
      items.push({
        pk: { S: `p${p}` },
        sk: { N: String(s) },
        owner: { S: tenant },
      });
    }
  }
  for (let start = 0; start < items.length; start += 25) {
    await clients[tenant].send(
      new BatchWriteItemCommand({
        RequestItems: {
          [shared]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
}

beforeAll(async () => {
  clients.alpha = rawFor("alpha");
  clients.beta = rawFor("beta");
  await Promise.all([
    createTable("alpha", shared),
    createTable("beta", shared),
    createTable("alpha", own.alpha),
    createTable("beta", own.beta),
  ]);
  await Promise.all([fill("alpha"), fill("beta")]);
});

afterAll(async () => {
  await Promise.all([
    deleteTable("alpha", shared),
    deleteTable("beta", shared),
    deleteTable("alpha", own.alpha),
    deleteTable("beta", own.beta),
  ]);
  clients.alpha.destroy();
  clients.beta.destroy();
});

interface Invocation {
  tenant: Tenant;
  kind: "getItem" | "createItem" | "queryItems" | "listTables";
  index: number;
}

/** What one invocation should see, checked against its own tenant. */
async function invoke({ tenant, kind, index }: Invocation): Promise<void> {
  const base = { awsConnection: connectionFor(tenant), awsRegion: LOCAL_REGION };
  const other: Tenant = tenant === "alpha" ? "beta" : "alpha";
  const partition = `p${index % PARTITIONS}`;
  if (kind === "getItem") {
    const result = (await harness.action("getItem", {
      ...base,
      tableName: shared,
      value: partition,
      rangeKeyValue: String(index % 3),
    })) as { data: { item: { owner: string } | null } };
    expect(result.data.item?.owner).toBe(tenant);
  } else if (kind === "createItem") {
    await harness.action("createItem", {
      ...base,
      tableName: shared,
      itemJson: JSON.stringify({ pk: `written-${index}`, sk: index, owner: tenant }),
    });
  } else if (kind === "queryItems") {
    const result = (await harness.action("queryItems", {
      ...base,
      tableName: shared,
      keyConditionExpression: "pk = :p",
      expressionAttributeValues: [{ key: ":p", value: partition }],
      expressionAttributeValueTypes: [{ key: ":p", value: "S" }],
    })) as { data: { items: { owner: string }[]; count: number } };
    expect(result.data.count).toBe(SIZE[tenant]);
    expect(new Set(result.data.items.map((item) => item.owner))).toEqual(new Set([tenant]));
  } else {
    const result = (await harness.action("listTables", { ...base, fetchAll: "true" })) as {
      data: { tableNames: string[] };
    };
    const names = result.data.tableNames;
    expect(names).toContain(own[tenant]);
    expect(names).toContain(shared);
    expect(names).not.toContain(own[other]);
  }
}

it("200 interleaved concurrent invocations under two access keys each see only their own data", async () => {
  resetCaches();
  const kinds: Invocation["kind"][] = ["getItem", "createItem", "queryItems", "listTables"];
  // Alternating tenants, cycling through the kinds: neighbours always differ in tenant.
  const invocations: Invocation[] = Array.from({ length: 200 }, (_, index) => ({
    tenant: index % 2 === 0 ? "alpha" : "beta",
    kind: kinds[Math.floor(index / 2) % kinds.length],
    index,
  }));
  const outcomes = await Promise.allSettled(invocations.map(invoke));
  const failures = outcomes
    .map((outcome, index) => ({ outcome, invocation: invocations[index] }))
    .filter(({ outcome }) => outcome.status === "rejected");
  expect(
    failures.map(({ invocation, outcome }) => [
      invocation,
      String((outcome as PromiseRejectedResult).reason),
    ]),
  ).toEqual([]);
  // One cached client per connection, never shared between them.
  expect(cachedClientCount()).toBe(2);

  // Every write is in its own tenant's table and not in the other's.
  for (const tenant of ["alpha", "beta"] as const) {
    const { Items } = await clients[tenant].send(
      new ScanCommand({
        TableName: shared,
        FilterExpression: "begins_with(pk, :w)",
        ExpressionAttributeValues: { ":w": { S: "written-" } },
        ConsistentRead: true,
      }),
    );
    const writes = invocations.filter((i) => i.kind === "createItem" && i.tenant === tenant);
    expect((Items ?? []).map((item) => item.pk.S).sort()).toEqual(
      writes.map((i) => `written-${i.index}`).sort(),
    );
    expect(new Set((Items ?? []).map((item) => item.owner.S))).toEqual(new Set([tenant]));
  }
});

it("a table that exists under one access key does not exist under the other", async () => {
  const { TableNames } = await clients.beta.send(new ListTablesCommand({}));
  expect(TableNames).not.toContain(own.alpha);
  await expect(
    harness.action("describeTable", {
      awsConnection: connectionFor("beta"),
      awsRegion: LOCAL_REGION,
      tableName: own.alpha,
    }),
  ).rejects.toThrow(/ResourceNotFoundException/);
  // The same key in the shared table name answers differently per connection.
  const [alpha, beta] = await Promise.all(
    (["alpha", "beta"] as const).map((tenant) =>
      clients[tenant].send(
        new GetItemCommand({ TableName: shared, Key: { pk: { S: "p0" }, sk: { N: "4" } } }),
      ),
    ),
  );
  expect(alpha.Item).toBeUndefined();
  expect(beta.Item?.owner).toEqual({ S: "beta" });
});
