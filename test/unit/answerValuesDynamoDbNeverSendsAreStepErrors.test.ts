/**
 * A mocked client can answer with values DynamoDB never sends: a number as a JS number, binary as
 * base64 text, a list that is null, an item that is null. Every output conversion (the actions'
 * plain JSON and DynamoDB JSON, Export Items' JSON Lines and CSV) refuses such a value with a
 * StepError (code unexpectedAnswer) naming the attribute and what it holds: never a TypeError,
 * and never a value dropped, turned into null or read as something else ({"N": "Infinity"} was
 * null, {"BOOL": "false"} was true in a file).
 */
import { GetItemCommand, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { StepError } from "../../src/errors/stepError";
import { mockCustomersTable } from "../support/customersMock";
import { harness } from "../support/harness";
import { failure } from "../support/outcome";
import { validParams } from "./corpus/model";

const ddbMock = mockCustomersTable();

/** An odd value of attribute "a", and what the message must say about it. */
const ODD_VALUES: [string, unknown, RegExp][] = [
  ["a number as a JS number", { N: 5 }, /attribute "a" .*N holds 5, not a number as text/],
  ["a number that is no number", { N: "abc" }, /N holds "abc", not a number as text/],
  ["Infinity as a number", { N: "Infinity" }, /N holds "Infinity", not a number as text/],
  ["a number with spaces", { N: " 12 " }, /N holds " 12 ", not a number as text/],
  ["an empty number", { N: "" }, /N holds "", not a number as text/],
  ["binary as base64 text", { B: "AQI=" }, /B holds "AQI=", not bytes \(a Uint8Array\)/],
  ["binary as a number", { B: 5 }, /B holds 5, not bytes/],
  ["a list that is null", { L: null }, /L holds null, not an array of values/],
  ["a null in a list", { L: [null] }, /attribute "a\[0\]" .*null is not an object/],
  ["a map that is text", { M: "x" }, /attribute "a" .*(M holds "x"|an item or map must be)/],
  ["a nested bad value", { M: { b: { N: 7 } } }, /attribute "a\.b" .*N holds 7/],
  ["a boolean as text", { BOOL: "false" }, /BOOL holds "false", not true or false/],
  ["text as a number", { S: 5 }, /S holds 5, not text/],
  ["a string set that is text", { SS: "xy" }, /SS holds "xy", not an array of texts/],
  ["a bad number in a set", { NS: ["1", "x"] }, /attribute "a\[1\]" .*NS holds "x"/],
  ["a null that is false", { NULL: false }, /attribute "a" .*NULL holds false, not true/],
  ["a null that is text", { NULL: "true" }, /NULL holds "true", not true/],
  ["a number past 9.99E+125", { N: "1e200" }, /"1e200" is outside DynamoDB's range/],
  ["a number past the range in a double's form", { N: "1e+200" }, /"1e\+200" is outside/],
  ["a number under 1E-130", { N: "1e-131" }, /"1e-131" is outside DynamoDB's range/],
  [
    "a number of 39 digits",
    { N: "123456789012345678901234567890123456789" },
    /N holds a number DynamoDB cannot store: .* has 39 significant digits, more than DynamoDB's 38/,
  ],
  [
    "a number past the range in a set",
    { NS: ["1", "-1E+126"] },
    /"a\[1\]" .*"-1E\+126" is outside/,
  ],
  ["no type", {}, /it has no type/],
  ["an unknown type", { X: "1" }, /its type "X" is none of DynamoDB's/],
  ["null", null, /null is not an object/],
];

/** The error a mocked answer gets: naming the operation answered where the answer is checked. */
function expectUnexpectedAnswer(error: unknown, message: RegExp, operation?: string): void {
  expect(error).toBeInstanceOf(StepError);
  expect(error).toMatchObject({ code: "unexpectedAnswer" });
  const answer = operation ? `The answer to ${operation}` : "The answer";
  expect((error as Error).message).toMatch(new RegExp(`^${answer} holds (attribute|a value)`));
  expect((error as Error).message).toMatch(message);
}

describe.each([
  ["Get Item, plain JSON", false],
  ["Get Item, DynamoDB JSON", true],
])("%s", (_, returnDynamoJson) => {
  it.each(ODD_VALUES)("refuses %s with unexpectedAnswer", async (_name, value, message) => {
    ddbMock.on(GetItemCommand).resolves({ Item: { a: value } } as never);
    const params = { ...validParams("getItem"), returnDynamoJson };
    const error = await failure(harness.action("getItem", params));
    expectUnexpectedAnswer(error, message, "GetItem");
  });
});

describe.each(["csv", "jsonl"])("Export Items as %s", (format) => {
  it.each(ODD_VALUES)("refuses %s with unexpectedAnswer", async (_name, value, message) => {
    ddbMock.on(ScanCommand).resolves({ Items: [{ a: value }], Count: 1 } as never);
    const params = { ...validParams("exportItems"), format };
    const error = await failure(harness.action("exportItems", params));
    expectUnexpectedAnswer(error, message, "Scan");
  });
});

describe("items that are no items", () => {
  it.each([
    ["text", "an item", "Query"],
    ["an array", [{ S: "x" }], "Query"],
  ])("Query Items refuses an item that is %s", async (_, item, operation) => {
    ddbMock.on(QueryCommand).resolves({ Items: [item], Count: 1 } as never);
    const error = await failure(harness.action("queryItems", validParams("queryItems")));
    expectUnexpectedAnswer(error, /an item or map must be an object of attributes/, operation);
  });

  it("Query Items refuses an item that is null, naming the operation and the place", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [null], Count: 1 } as never);
    const error = await failure(harness.action("queryItems", validParams("queryItems")));
    expect(error).toMatchObject({ code: "unexpectedAnswer" });
    expect(error.message).toMatch(/^The answer is not shaped .*: Query's Items\[0\] is null, not/);
  });

  it("Get Item reads an Item of null as no item", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: null } as never);
    const result = await harness.action("getItem", validParams("getItem"));
    expect(result).toEqual({ data: { found: false, item: null } });
  });
});

describe("values DynamoDB sends, or a mock may give without loss, still convert", () => {
  it("reads bytes of any kind, sets given as Sets, and numbers at DynamoDB's limits", async () => {
    ddbMock.on(GetItemCommand).resolves({
      Item: {
        bytes: { B: new Uint8Array([1, 2, 255]) },
        buffer: { B: Buffer.from([1]) },
        strings: { SS: new Set(["a", "b"]) },
        huge: { N: "9.9E+125" },
        tiny: { N: "-1E-130" },
        widest: { N: "12345678901234567890123456789012345678" },
        none: { NULL: true },
        exact: { N: "1.50" },
        big: { N: "12345678901234567890" },
      },
    } as never);
    const result = await harness.action("getItem", validParams("getItem"));
    expect(result).toEqual({
      data: {
        found: true,
        item: {
          bytes: "AQL/",
          buffer: "AQ==",
          strings: ["a", "b"],
          huge: 9.9e125,
          tiny: -1e-130,
          widest: "12345678901234567890123456789012345678",
          none: null,
          exact: 1.5,
          big: "12345678901234567890",
        },
      },
    });
  });

  it("names a type newer than the SDK without blaming a mock", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: { a: { $unknown: ["V", "1"] } } } as never);
    const error = await failure(harness.action("getItem", validParams("getItem")));
    expectUnexpectedAnswer(
      error,
      /its type "V" is newer than this connector's AWS SDK knows\.$/,
      "GetItem",
    );
  });
});
