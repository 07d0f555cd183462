/**
 * Issue 13's inputs: Delete Items, Batch Execute Statements, Execute Transaction, and the
 * optimistic-locking inputs (Version Attribute, Expected Version) of Upsert and Update Item.
 */
import { type BadInputCase, casesFor, HINT, kv } from "./model";

const STATEMENTS = "Statements";
const afterSchema = { stage: "afterSchema" as const };

function deleteItemsCases(): BadInputCase[] {
  const make = casesFor("deleteItems");
  return [
    make(
      "no Key Condition Expression",
      { keyConditionExpression: "" },
      "Key Condition Expression",
      HINT.required,
    ),
    make(
      "a value placeholder the expressions do not use",
      {
        expressionAttributeValues: kv({ ":id": "1001", ":x": "2" }),
        expressionAttributeValueTypes: kv({ ":id": "N", ":x": "N" }),
      },
      "Expression Attribute Values",
      /defines :x, which no expression uses/,
    ),
    make(
      "a filter placeholder left undefined",
      { filterExpression: "#s = :s" },
      "Expression Attribute Names",
      /uses #s/,
    ),
    make("Max Items of 0", { maxItems: "0" }, "Max Items", HINT.wholeNumber),
    make("Max Items that is not a number", { maxItems: "ten" }, "Max Items", HINT.wholeNumber),
    make("a Dry Run of yes", { dryRun: "yes" }, "Dry Run", HINT.boolean),
    make("a Dry Run given as an object", { dryRun: { on: true } }, "Dry Run", HINT.boolean),
    make("Concurrency of 17", { concurrency: "17" }, "Concurrency", /from 1 to 16/),
    make("Max Retries of -1", { maxRetries: "-1" }, "Max Retries", /from 0 to 20/),
    make("Return Unprocessed of 2", { returnUnprocessed: "2" }, "Return Unprocessed", HINT.boolean),
    make(
      "an Exclusive Start Key that is not JSON",
      { exclusiveStartKey: "{customerId: 1}" },
      "Exclusive Start Key",
      HINT.json,
    ),
    make(
      "an Exclusive Start Key of another table",
      { exclusiveStartKey: '{"orderId": 7}' },
      "Exclusive Start Key",
      /pass the lastEvaluatedKey of a previous page/,
      afterSchema,
    ),
    make(
      "an Index Name the table does not have",
      { indexName: "byEmail" },
      "Index Name",
      /Its indexes are: byName/,
      afterSchema,
    ),
    make("an invalid Index Name", { indexName: "a b" }, "Index Name", /not a valid name/),
  ];
}

/** Cases that both statement-list actions share: the list and each entry. */
function statementListCases(key: string, max: number): BadInputCase[] {
  const make = casesFor(key);
  const select = 'SELECT * FROM \\"Customers\\" WHERE customerId = ? AND customerName = ?';
  const update = 'UPDATE \\"Customers\\" SET visits = 1 WHERE customerId = 1 AND customerName = ?';
  const many = JSON.stringify(
    Array.from({ length: max + 1 }, () => "DELETE FROM Customers WHERE customerId = 1"),
  );
  return [
    make("no Statements", { statements: "" }, STATEMENTS, HINT.required),
    make("Statements that are not JSON", { statements: "[SELECT" }, STATEMENTS, HINT.json),
    make("Statements as an object", { statements: '{"statement": "x"}' }, STATEMENTS, /JSON list/),
    make("an empty Statements list", { statements: "[]" }, STATEMENTS, /at least one/),
    make(`${max + 1} statements`, { statements: many }, STATEMENTS, new RegExp(`at most ${max}`)),
    make(
      "a blank statement",
      { statements: '[""]' },
      STATEMENTS,
      /Statements\[0\] must be a non-empty string/,
    ),
    make(
      "a statement given as a number",
      { statements: "[42]" },
      STATEMENTS,
      /statement string or an object/,
    ),
    make(
      "an entry without its statement",
      { statements: '[{"parameters": [1]}]' },
      STATEMENTS,
      /Statements\[0\]: statement is required/,
    ),
    make(
      "an entry with an unknown field",
      { statements: `[{"statement": "${select}", "parameters": [1, "a"], "params": []}]` },
      STATEMENTS,
      /unknown field "params"/,
    ),
    make(
      "fewer parameters than ? placeholders",
      { statements: `[{"statement": "${select}", "parameters": [1]}]` },
      STATEMENTS,
      /Statements\[0\]: the statement has 2 \? placeholders but Statements\[0\]\.parameters has 1 value/,
    ),
    make(
      "a statement with ? and no parameters",
      { statements: `["${select}"]` },
      STATEMENTS,
      /has 2 \? placeholders/,
    ),
    make(
      "parameters that are not a list",
      { statements: `[{"statement": "${select}", "parameters": {"a": 1}}]` },
      STATEMENTS,
      /parameters must be a JSON array/,
    ),
    make(
      "a parameter number over 38 digits",
      { statements: `[{"statement": "${select}", "parameters": [${"9".repeat(39)}, "a"]}]` },
      STATEMENTS,
      /38/,
    ),
    make(
      "a statement over 8,192 characters",
      { statements: JSON.stringify([`SELECT * FROM Customers WHERE a = '${"x".repeat(8200)}'`]) },
      STATEMENTS,
      /at most 8,192 characters/,
    ),
    make(
      "an INSERT of an attribute named __proto__",
      {
        statements: JSON.stringify([
          "INSERT INTO \"Customers\" VALUE {'customerId': 1, 'customerName': 'a', '__proto__': 2}",
        ]),
      },
      STATEMENTS,
      /an attribute named "__proto__" cannot be written/,
    ),
    make(
      "a read and a write in one request",
      {
        statements: `[{"statement": "${select}", "parameters": [1, "a"]}, {"statement": "${update}", "parameters": ["a"]}]`,
      },
      STATEMENTS,
      /mixes reads and writes: Statements\[0\] is a SELECT and Statements\[1\] is an UPDATE/,
    ),
    make(
      "a returnValuesOnConditionCheckFailure of ALL_NEW",
      {
        statements: `[{"statement": "${update}", "parameters": ["a"], "returnValuesOnConditionCheckFailure": "ALL_NEW"}]`,
      },
      STATEMENTS,
      HINT.oneOf,
    ),
  ];
}

function batchCases(): BadInputCase[] {
  const make = casesFor("batchExecuteStatements");
  return [
    ...statementListCases("batchExecuteStatements", 25),
    make("Max Retries of 21", { maxRetries: "21" }, "Max Retries", /from 0 to 20/),
    make(
      "a consistentRead of maybe",
      {
        statements:
          '[{"statement": "SELECT * FROM Customers WHERE customerId = 1 AND customerName = \'a\'", "consistentRead": "maybe"}]',
      },
      STATEMENTS,
      HINT.boolean,
    ),
  ];
}

function transactionCases(): BadInputCase[] {
  const make = casesFor("executeTransaction");
  return [
    ...statementListCases("executeTransaction", 100),
    make(
      "consistentRead, which transactions do not take",
      {
        statements:
          '[{"statement": "SELECT * FROM Customers WHERE customerId = 1 AND customerName = \'a\'", "consistentRead": true}]',
      },
      STATEMENTS,
      /unknown field "consistentRead"/,
    ),
    make(
      "a Client Request Token over 36 characters",
      { clientRequestToken: "t".repeat(37) },
      "Client Request Token",
      /1 to 36 characters/,
    ),
  ];
}

/** Version Attribute and Expected Version, on both actions that take them. */
function versionCases(key: "createItem" | "updateItem"): BadInputCase[] {
  const make = casesFor(key);
  return [
    make(
      "an Expected Version without a Version Attribute",
      { expectedVersion: "3" },
      "Expected Version",
      /needs a Version Attribute/,
    ),
    make(
      "an Expected Version that is not a whole number",
      { versionAttribute: "version", expectedVersion: "3.5" },
      "Expected Version",
      /must be a whole number 0 or more/,
    ),
    make(
      "a negative Expected Version",
      { versionAttribute: "version", expectedVersion: "-1" },
      "Expected Version",
      /must be a whole number 0 or more/,
    ),
    make(
      "an Expected Version of 39 digits",
      { versionAttribute: "version", expectedVersion: "9".repeat(39) },
      "Expected Version",
      /at most 38/,
    ),
    make(
      "an Expected Version given as an object",
      { versionAttribute: "version", expectedVersion: { n: 3 } },
      "Expected Version",
      /must be a whole number/,
    ),
    make(
      "a Version Attribute named __proto__",
      { versionAttribute: "__proto__" },
      "Version Attribute",
      /Rename the attribute/,
    ),
    make(
      "a Version Attribute given as a list",
      { versionAttribute: ["version"] },
      "Version Attribute",
      /must be text/,
    ),
  ];
}

export const statementCases: BadInputCase[] = [
  ...deleteItemsCases(),
  ...batchCases(),
  ...transactionCases(),
  ...versionCases("createItem"),
  ...versionCases("updateItem"),
  casesFor("createItem")(
    "an item whose version is not the Expected Version",
    {
      item: undefined,
      itemTypes: undefined,
      itemJson: '{"customerId": 1001, "customerName": "Ada", "version": 4}',
      versionAttribute: "version",
      expectedVersion: "3",
    },
    "Item JSON",
    /sets "version" \(the Version Attribute\) to 4, but Expected Version is 3/,
  ),
  casesFor("updateItem")(
    "an Update Expression that sets the Version Attribute itself",
    { versionAttribute: "visits", expectedVersion: "3" },
    "Update Expression",
    /Leave it out of the Update Expression/,
  ),
  casesFor("updateItem")(
    "Update JSON whose version is not the Expected Version",
    {
      query: undefined,
      queryParams: undefined,
      queryParamTypes: undefined,
      updateJson: '{"status": "done", "version": 9}',
      versionAttribute: "version",
      expectedVersion: "3",
    },
    "Update JSON",
    /sets "version" \(the Version Attribute\) to 9, but Expected Version is 3/,
  ),
];
