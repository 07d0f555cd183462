/**
 * Helpers for integration tests against DynamoDB Local. The engine is started once by
 * test/integration/globalSetup.ts, which publishes its URL as DYNAMODB_ENDPOINT.
 */
import { randomBytes } from "node:crypto";
import {
  type AttributeDefinition,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type Projection,
  ResourceNotFoundException,
  type ScalarAttributeType,
} from "@aws-sdk/client-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import { LOCAL_CREDENTIALS, LOCAL_REGION, waitForTableActive } from "../../tools/dynamoLocal";

export { LOCAL_CREDENTIALS, LOCAL_REGION };

export interface KeyAttribute {
  name: string;
  type: ScalarAttributeType;
}

export interface TestIndex {
  name: string;
  hashKey: KeyAttribute;
  rangeKey?: KeyAttribute;
  /** Defaults to projecting every attribute. */
  projection?: Projection;
}

export interface TestTableOptions {
  hashKey: KeyAttribute;
  rangeKey?: KeyAttribute;
  /** Enables a NEW_AND_OLD_IMAGES stream. */
  streams?: boolean;
  gsi?: TestIndex[];
}

export function localEndpoint(): string {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    throw new Error(
      "DYNAMODB_ENDPOINT is not set: run integration tests through jest's `integration` project " +
        "(its globalSetup starts DynamoDB Local), or set DYNAMODB_ENDPOINT to a running engine.",
    );
  }
  return endpoint;
}

/** Unique per run and per call, so parallel workers and reruns never collide. */
export function uniqueTableName(prefix: string): string {
  const safePrefix = prefix.replace(/[^a-zA-Z0-9_.-]/g, "_").slice(0, 200);
  const name = `${safePrefix}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  return name.slice(0, 255);
}

/** A raw SDK client for the local engine; the caller owns it and should `destroy()` it. */
export function rawClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: localEndpoint(),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
}

/** An Access Key and Secret connection value that points the connector at the local engine. */
export function localConnection(overrides: Record<string, unknown> = {}): Connection {
  return {
    key: "apiKeySecret",
    configVarKey: "",
    fields: {
      accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
      secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey,
      endpoint: localEndpoint(),
      ...overrides,
    },
  };
}

function keySchema(hashKey: KeyAttribute, rangeKey?: KeyAttribute): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: hashKey.name, KeyType: "HASH" }];
  if (rangeKey) schema.push({ AttributeName: rangeKey.name, KeyType: "RANGE" });
  return schema;
}

/** Creates a PAY_PER_REQUEST table and resolves once it is ACTIVE. */
export async function createTestTable(name: string, options: TestTableOptions): Promise<void> {
  // Each attribute used by a key (table or index) must be defined exactly once.
  const attributes = new Map<string, ScalarAttributeType>();
  const keyAttributes = [
    options.hashKey,
    options.rangeKey,
    ...(options.gsi ?? []).flatMap((index) => [index.hashKey, index.rangeKey]),
  ];
  for (const attribute of keyAttributes) {
    if (attribute) attributes.set(attribute.name, attribute.type);
  }
  const attributeDefinitions: AttributeDefinition[] = [...attributes].map(([name, type]) => ({
    AttributeName: name,
    AttributeType: type,
  }));
  const globalSecondaryIndexes: GlobalSecondaryIndex[] | undefined = options.gsi?.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.hashKey, index.rangeKey),
    Projection: index.projection ?? { ProjectionType: "ALL" },
  }));

  const client = rawClient();
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: attributeDefinitions,
        KeySchema: keySchema(options.hashKey, options.rangeKey),
        GlobalSecondaryIndexes: globalSecondaryIndexes,
        StreamSpecification: options.streams
          ? { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" }
          : undefined,
      }),
    );
    await waitForTableActive(client, name);
  } finally {
    client.destroy();
  }
}

/** Deletes a table; a table that is already gone is fine (cleanup must not mask test failures). */
export async function deleteTestTable(name: string): Promise<void> {
  const client = rawClient();
  try {
    await client.send(new DeleteTableCommand({ TableName: name }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    client.destroy();
  }
}
