/**
 * statementPermission (src/aws/permissions.ts), which names the permission in AccessDenied
 * messages and Generate IAM Policy, reads a PartiQL statement as DynamoDB does: its verb after
 * leading comments, and its table after the real FROM, INTO or UPDATE, past comments, and not
 * fooled by from/into inside a 'string', a "quoted name" or a path step (a.from).
 */
import { statementPermission } from "../../src/aws/permissions";

describe("statementPermission reads past comments and quotes", () => {
  it.each([
    [
      "a leading line comment",
      `-- note\nDELETE FROM "Orders" WHERE id = ?`,
      { action: "dynamodb:PartiQLDelete", kind: "table", table: "Orders" },
    ],
    [
      "a leading line comment before a SELECT",
      `-- note\nSELECT * FROM "Orders"`,
      { action: "dynamodb:PartiQLSelect", kind: "table", table: "Orders" },
    ],
    [
      "a leading block comment",
      `/* nightly */ UPDATE "Stock" SET n = 1 WHERE sku = ?`,
      { action: "dynamodb:PartiQLUpdate", kind: "table", table: "Stock" },
    ],
    [
      "from inside a quoted name before the real FROM",
      `SELECT "ship from here" FROM "Orders"`,
      { action: "dynamodb:PartiQLSelect", kind: "table", table: "Orders" },
    ],
    [
      "from inside a string before the real FROM",
      `SELECT * FROM "Orders" WHERE a = 'x'`,
      { action: "dynamodb:PartiQLSelect", kind: "table", table: "Orders" },
    ],
    [
      "a path step named from",
      `SELECT a.from FROM "Orders"`,
      { action: "dynamodb:PartiQLSelect", kind: "table", table: "Orders" },
    ],
    [
      "a comment between FROM and the table",
      `SELECT * FROM /* c */ "Orders"`,
      { action: "dynamodb:PartiQLSelect", kind: "table", table: "Orders" },
    ],
    [
      "a comment between INTO and the table",
      `INSERT INTO -- the stock table\n"Stock" VALUE {'sku': ?}`,
      { action: "dynamodb:PartiQLInsert", kind: "table", table: "Stock" },
    ],
    [
      "into inside a string of an UPDATE",
      `UPDATE "Stock" SET note = 'put into Other' WHERE sku = ?`,
      { action: "dynamodb:PartiQLUpdate", kind: "table", table: "Stock" },
    ],
    [
      'a quoted name with an escaped quote ("")',
      `UPDATE "quoted ""name""" SET n = 1 WHERE k = ?`,
      { action: "dynamodb:PartiQLUpdate", kind: "table", table: 'quoted "name"' },
    ],
    [
      "a DELETE FROM a bare name",
      `DELETE FROM Stock WHERE sku = ?`,
      { action: "dynamodb:PartiQLDelete", kind: "table", table: "Stock" },
    ],
    [
      "an EXISTS reading an index",
      `EXISTS(SELECT * FROM "t"."i" WHERE k = ?)`,
      { action: "dynamodb:PartiQLSelect", kind: "index", table: "t" },
    ],
    [
      "an index named past comments",
      `SELECT * FROM "Orders" /* c */ . -- d\n"byCity"`,
      { action: "dynamodb:PartiQLSelect", kind: "index", table: "Orders" },
    ],
  ])("with %s", (_case, statement, expected) => {
    expect(statementPermission(statement)).toEqual(expected);
  });
});
