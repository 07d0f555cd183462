/**
 * The counts and consumed capacity of a mocked answer are numbers, as DynamoDB's always are: a
 * mock's `ScannedCount: "5"` (or -1, 1.5, null-less text, NaN) fails the step with a StepError of
 * code unexpectedAnswer naming the operation and the part. Read as it was, the text went into the
 * output whose type and schema say number (`scannedCount: "5"`), and Fetch All summed the pages
 * by concatenating texts ("0" + "5" + "3" gave "053"); so did consumed capacity units.
 */
import { ExecuteStatementCommand, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { createLocalActions } from "../../src/component/codeNative";
import component from "../../src/index";
import { mockCustomersTable } from "../support/customersMock";
import { CUSTOMER_KEY } from "../support/fixtures";
import { customerQueryParams, tableStepParams } from "../support/harness";
import { thrown } from "../support/outcome";

const dynamodb = mockCustomersTable();
const local = createLocalActions(component);
const where = tableStepParams();
const query = customerQueryParams();

it.each([
  ["ScannedCount", "5"],
  ["ScannedCount", -1],
  ["Count", 1.5],
  ["Count", "1"],
  ["ScannedCount", Number.NaN],
])("refuses a Scan page whose %s is %p, naming the operation and the part", async (part, value) => {
  dynamodb
    .on(ScanCommand)
    .resolves({ Items: [CUSTOMER_KEY], Count: 1, ScannedCount: 1, [part]: value });

  const error = await thrown(() => local.scanItems(where));

  expect(error).toMatchObject({ name: "StepError", code: "unexpectedAnswer" });
  expect(error.message).toContain(`Scan's ${part} is`);
  expect(error.message).toContain("not a whole number of 0 or more");
});

it("refuses a text ScannedCount on a later page of Fetch All rather than concatenating it", async () => {
  dynamodb
    .on(QueryCommand)
    .resolvesOnce({
      Items: [CUSTOMER_KEY],
      Count: 1,
      ScannedCount: 5,
      LastEvaluatedKey: CUSTOMER_KEY,
    })
    .resolves({ Items: [], Count: 0, ScannedCount: "3" as unknown as number });

  const error = await thrown(() => local.queryItems({ ...query, fetchAll: true }));

  expect(error).toMatchObject({ name: "StepError", code: "unexpectedAnswer" });
  expect(error.message).toContain("Query's ScannedCount is");
});

it("refuses consumed capacity units that are no number", async () => {
  dynamodb.on(ExecuteStatementCommand).resolves({
    Items: [CUSTOMER_KEY],
    ConsumedCapacity: {
      TableName: "Customers",
      CapacityUnits: "0.5" as unknown as number,
      Table: { CapacityUnits: 0.5 },
    },
  });

  const error = await thrown(() =>
    local.rawRequest({
      awsConnection: where.awsConnection,
      awsRegion: "us-east-1",
      statement: 'SELECT * FROM "Customers"',
      queryParameters: { ReturnConsumedCapacity: '"TOTAL"' },
    }),
  );

  expect(error).toMatchObject({ name: "StepError", code: "unexpectedAnswer" });
  expect(error.message).toContain("ExecuteStatement's ConsumedCapacity.CapacityUnits is");
  expect(error.message).toContain("not a number of 0 or more");
});

it("still sums well-formed counts and capacity over Fetch All's pages", async () => {
  dynamodb
    .on(QueryCommand)
    .resolvesOnce({
      Items: [CUSTOMER_KEY],
      Count: 1,
      ScannedCount: 5,
      LastEvaluatedKey: CUSTOMER_KEY,
      ConsumedCapacity: { TableName: "Customers", CapacityUnits: 0.5 },
    })
    .resolves({
      Items: [],
      Count: 0,
      ScannedCount: 3,
      ConsumedCapacity: { TableName: "Customers", CapacityUnits: 1 },
    });

  const result = await local.queryItems({
    ...query,
    fetchAll: true,
    queryParameters: { ReturnConsumedCapacity: '"TOTAL"' },
  });

  expect(result.data).toMatchObject({ count: 1, scannedCount: 8 });
  expect(result.data.consumedCapacity).toEqual({ TableName: "Customers", CapacityUnits: 1.5 });
});
