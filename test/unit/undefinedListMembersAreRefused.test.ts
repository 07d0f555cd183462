/**
 * A code-native flow's list with an undefined member ([1, undefined, 3], or a hole: [1, , 3]) is
 * refused, naming the member's place: a list keeps its members' places, and dropping the member
 * would move every later one (tags[2] would be read as tags[1]) without a word. An undefined
 * attribute of a map is left out, as an optional property that is not set.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { InputError } from "../../src/errors/inputError";
import { plainToMap } from "../../src/values";
import { harness, resetCaches, tableStepParams } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(PutItemCommand).resolves({});
  ddbMock.on(UpdateItemCommand).resolves({});
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  });
});

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("a list member that is undefined", () => {
  it.each([
    ["an undefined member", [1, undefined, 3]],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test
    ["a hole", [1, , 3]],
  ])("is refused with its place: %s", (_, tags) => {
    const error = refusal(() => plainToMap({ id: 1, tags }, "Item JSON"));
    expect(error.label).toBe("Item JSON");
    expect(error.message).toMatch(/tags\[1\]/);
    expect(error.message).toMatch(/null/);
  });

  it("is refused in a list inside a map, and in a list of lists", () => {
    const inMap = refusal(() => plainToMap({ id: 1, a: { b: ["x", undefined] } }, "Item JSON"));
    expect(inMap.message).toMatch(/a\.b\[1\]/);
    const nested = refusal(() => plainToMap({ id: 1, grid: [[1], [undefined]] }, "Item JSON"));
    expect(nested.message).toMatch(/grid\[1\]\[0\]/);
  });

  it("stops Upsert Item before anything is sent", async () => {
    await expect(
      harness.action("createItem", {
        ...tableStepParams(),
        itemJson: { id: 1, tags: ["a", undefined, "c"] },
      }),
    ).rejects.toThrow(/tags\[1\]/);
    expect(ddbMock.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it("keeps null members and leaves an undefined map attribute out", () => {
    expect(plainToMap({ id: 1, tags: [1, null], note: undefined }, "Item JSON")).toEqual({
      id: { N: "1" },
      tags: { L: [{ N: "1" }, { NULL: true }] },
    });
  });
});
