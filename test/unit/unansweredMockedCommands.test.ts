/**
 * A mocked AWS client (aws-sdk-client-mock) answers a command it was not told to answer with
 * nothing at all: its send returns undefined. Every action, data source and trigger then fails
 * with a StepError that names the command to mock (code noAnswer), never with a TypeError; and a
 * DescribeTable answer without the table's key is a StepError saying so (code incompleteAnswer).
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { PipesClient } from "@aws-sdk/client-pipes";
import { mockClient } from "aws-sdk-client-mock";
import { StepError } from "../../src/errors/stepError";
import { harness, resetCaches } from "../support/harness";
import { CUSTOMERS, TARGETS, type TargetKind, validParams } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);
const mocks: { reset(): void; restore(): void }[] = [
  ddbMock,
  mockClient(DynamoDBStreamsClient),
  mockClient(PipesClient),
  mockClient(EventBridgeClient),
];

beforeEach(() => {
  for (const mock of mocks) mock.reset();
  resetCaches();
});

afterAll(() => {
  for (const mock of mocks) mock.restore();
});

function invoke(kind: TargetKind, key: string, params: Record<string, unknown>): Promise<unknown> {
  if (kind === "dataSource") return harness.dataSource(key, params);
  if (kind === "trigger") return harness.trigger(key, undefined, params, { instanceState: {} });
  return harness.action(key, params);
}

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
}

describe("a mocked client that answers nothing", () => {
  const targets = TARGETS.map((target) => [`${target.kind} ${target.key}`, target] as const);

  it.each(targets)("%s fails with noAnswer naming the command, never a TypeError", async (_, t) => {
    const error = await failureOf(() => invoke(t.kind, t.key, validParams(t.key)));
    if (error === undefined) return; // Sends nothing (the policy generator, the instant trigger).
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ code: "noAnswer" });
    expect((error as Error).message).toMatch(
      /^The (DynamoDB|DynamoDB Streams|EventBridge Pipes|EventBridge) client gave no answer to the [A-Za-z]+ request, as a mocked client does for a command it was not told to answer\. In a test with a mocked client, mock [A-Za-z]+ too/,
    );
  });

  it("names the one command left without an answer", async () => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
    const error = await failureOf(() => harness.action("getItem", validParams("getItem")));
    expect(error).toBeInstanceOf(StepError);
    expect((error as Error).message).toMatch(/no answer to the GetItem request.* mock GetItem too/);
  });

  it("names a command a mock was told to answer with undefined", async () => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
    ddbMock.on(GetItemCommand).resolves(undefined as never);
    const error = await failureOf(() => harness.action("getItem", validParams("getItem")));
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ code: "noAnswer" });
    expect((error as Error).message).toMatch(/no answer to the GetItem request/);
  });

  it("names the command when its class name is minified, as in the bundle", async () => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
    const { name } = GetItemCommand;
    // The bundle's minifier shortens class names; this one, as a minified bundle might.
    Object.defineProperty(GetItemCommand, "name", { value: "e", configurable: true });
    try {
      const error = await failureOf(() => harness.action("getItem", validParams("getItem")));
      expect((error as Error).message).toMatch(
        /no answer to the GetItem request.* mock GetItem too/,
      );
    } finally {
      Object.defineProperty(GetItemCommand, "name", { value: name, configurable: true });
    }
  });

  it("answers as told once the command is mocked", async () => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
    ddbMock.on(GetItemCommand).resolves({ Item: { customerId: { N: "1001" } } });
    const output = await harness.action("getItem", validParams("getItem"));
    expect(output).toMatchObject({ data: { found: true, item: { customerId: 1001 } } });
  });
});

describe("a DescribeTable answer without the table's key", () => {
  const withoutKey = (table: TableDescription) => async () => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: table });
    return harness.action("getItem", validParams("getItem"));
  };

  it("no key schema at all: incompleteAnswer, saying what a mock must answer", async () => {
    const error = await failureOf(withoutKey({ TableName: "Customers" }));
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ code: "incompleteAnswer" });
    expect((error as Error).message).toBe(
      "DescribeTable gave no key schema for table \"Customers\": the step reads the table's key from it. A mocked DynamoDB client needs an answer to DescribeTable with the table's KeySchema and AttributeDefinitions.",
    );
  });

  it("a key without its attribute definition: incompleteAnswer naming the key", async () => {
    const error = await failureOf(withoutKey({ ...CUSTOMERS, AttributeDefinitions: [] }));
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ code: "incompleteAnswer" });
    expect((error as Error).message).toMatch(
      /^DescribeTable gave no attribute definition for the key "customerId" of table "Customers"/,
    );
  });
});
