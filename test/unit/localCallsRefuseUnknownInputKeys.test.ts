/**
 * A code-native call names its inputs by key, and a key the action does not have is refused with
 * an InputError that names it and the input it may have meant, before anything is sent: the
 * platform never passes such a key, so `localActions` (and the manifest's actions and data
 * sources) would otherwise drop it without a word, and `consistentread: true` would read with
 * eventual consistency. A JavaScript caller, or a TypeScript one whose inputs are built in a
 * variable (no excess property check), gets no compile error to warn them.
 */
import { DescribeTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { createLocalActions, createManifest } from "../../src/component/codeNative";
import component from "../../src/index";
import { customersTable } from "../support/fixtures";
import { resetCaches, tableStepParams } from "../support/harness";
import { thrown } from "../support/outcome";

const dynamodb = mockClient(DynamoDBClient);
const where = tableStepParams();

beforeEach(() => {
  dynamodb.reset();
  resetCaches();
  dynamodb.on(DescribeTableCommand).resolves({ Table: customersTable() });
  dynamodb.on(GetItemCommand).callsFake((input) => ({ Item: input.Key }));
});

it("refuses a misspelt input key of a local action, naming it and the input meant", async () => {
  const local = createLocalActions(component);
  const values = { ...where, value: "1001", rangeKeyValue: "Ada", consistentread: true };

  const error = await thrown(() => local.getItem(values));

  expect(error).toMatchObject({
    name: "InputError",
    code: "unknownInput",
    label: "consistentread",
  });
  expect(error.message).toContain('"consistentread" is not an input of Get Item (getItem)');
  expect(error.message).toContain("Consistent Read (consistentRead)");
  expect(dynamodb.calls()).toHaveLength(0);
});

it("refuses a key the action does not have at all, listing what it takes", async () => {
  const local = createLocalActions(component);
  const values = { awsConnection: where.awsConnection, awsRegion: "us-east-1", tableName: "T" };

  const error = await thrown(() => local.listTables(values as never));

  expect(error).toMatchObject({ name: "InputError", code: "unknownInput", label: "tableName" });
  expect(error.message).toContain('"tableName" is not an input of List Tables (listTables)');
  expect(error.message).toContain("exclusiveStartTableName");
  expect(dynamodb.calls()).toHaveLength(0);
});

it("refuses an unknown key given to the manifest's actions and data sources", async () => {
  const manifest = createManifest(component);
  const values = { ...where, value: "1001", rangeKeyValue: "Ada", returnDynamoJSON: true };

  const action = await thrown(() => manifest.actions.getItem.perform(values));
  expect(action).toMatchObject({ name: "InputError", code: "unknownInput" });
  expect(action.message).toContain("Return DynamoDB JSON (returnDynamoJson)");

  const source = await thrown(() =>
    manifest.dataSources.selectTable.perform({
      awsConnection: where.awsConnection,
      region: "us-east-1",
    } as never),
  );
  expect(source).toMatchObject({ name: "InputError", code: "unknownInput", label: "region" });
  expect(dynamodb.calls()).toHaveLength(0);
});

it("still runs a call whose keys are all inputs, with undefined and null read as blank", async () => {
  const local = createLocalActions(component);

  const result = await local.getItem({
    ...where,
    value: "1001",
    rangeKeyValue: "Ada",
    consistentRead: undefined,
    projectionExpression: null,
  });

  expect(result.data.found).toBe(true);
});
