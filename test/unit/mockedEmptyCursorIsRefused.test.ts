/**
 * A mocked page whose LastEvaluatedKey is an empty map is refused: DynamoDB leaves
 * LastEvaluatedKey out of the last page and never sends an empty one. Read as it was, the output's
 * lastEvaluatedKey was {}, which Exclusive Start Key reads as blank, so a flow's paging loop that
 * passes it back started again from the first page, for ever.
 */
import { QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { createLocalActions } from "../../src/component/codeNative";
import component from "../../src/index";
import { mockCustomersTable } from "../support/customersMock";
import { CUSTOMER_KEY } from "../support/fixtures";
import { customerQueryParams, tableStepParams } from "../support/harness";

const dynamodb = mockCustomersTable();
const local = createLocalActions(component);
const where = tableStepParams();
const query = customerQueryParams();

it.each([
  ["Query", () => local.queryItems(query)],
  ["Scan", () => local.scanItems(where)],
  ["Query", () => local.queryItems({ ...query, fetchAll: true })],
])("refuses %s's empty LastEvaluatedKey, naming the operation", async (operation, run) => {
  dynamodb.on(QueryCommand).resolves({ Items: [CUSTOMER_KEY], Count: 1, LastEvaluatedKey: {} });
  dynamodb.on(ScanCommand).resolves({ Items: [CUSTOMER_KEY], Count: 1, LastEvaluatedKey: {} });

  await expect(run()).rejects.toMatchObject({
    name: "StepError",
    code: "unexpectedAnswer",
    message: expect.stringContaining(`${operation}'s LastEvaluatedKey is`),
  });
});

it("reads a page without LastEvaluatedKey, and one with a key, as before", async () => {
  dynamodb
    .on(QueryCommand)
    .resolvesOnce({ Items: [CUSTOMER_KEY], Count: 1, LastEvaluatedKey: CUSTOMER_KEY });
  const first = await local.queryItems(query);
  expect(first.data.lastEvaluatedKey).toEqual({ customerId: 1001, customerName: "Ada" });
  dynamodb.on(QueryCommand).resolves({ Items: [CUSTOMER_KEY], Count: 1 });
  const last = await local.queryItems(query);
  expect(last.data.lastEvaluatedKey).toBeNull();
});
