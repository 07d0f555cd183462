/**
 * The PartiQL request builders, called without a client: Raw Request's ExecuteStatement request
 * (parameters as AttributeValues, Query Parameters merged, the ["Rose"] default) and the request
 * of each page of a Fetch All run (Limit only for a SELECT, never above the request's own).
 */
import { executeStatementRequest, statementPageRequest } from "../../src/engines/partiql";
import { DEFAULT_PARAMETERS } from "../../src/inputs";

const inputs = (extra: Record<string, unknown> = {}) => ({
  statement: 'SELECT * FROM "Customers" WHERE customerId = ?',
  parameters: "[1001]",
  queryParameters: {},
  ...extra,
});

describe("executeStatementRequest", () => {
  it("sends the statement with one AttributeValue per ?, numbers as given", () => {
    const statement = 'SELECT * FROM "Customers" WHERE customerId = ? AND name = ?';
    const request = executeStatementRequest(
      inputs({ statement, parameters: '[12345678901234567890, "a"]' }),
    );
    expect(request).toEqual({
      Statement: statement,
      Parameters: [{ N: "12345678901234567890" }, { S: "a" }],
    });
  });

  it("adds Next Token and Consistent Read only when they are set", () => {
    expect(executeStatementRequest(inputs({ nextToken: "abc", consistentRead: true }))).toEqual({
      Statement: 'SELECT * FROM "Customers" WHERE customerId = ?',
      Parameters: [{ N: "1001" }],
      NextToken: "abc",
      ConsistentRead: true,
    });
    expect(executeStatementRequest(inputs({ consistentRead: false }))).not.toHaveProperty(
      "ConsistentRead",
    );
  });

  it("leaves the untouched default out of a statement without placeholders", () => {
    const request = executeStatementRequest(
      inputs({ statement: 'SELECT * FROM "Customers"', parameters: DEFAULT_PARAMETERS }),
    );
    expect(request).toEqual({ Statement: 'SELECT * FROM "Customers"' });
  });

  it("takes Parameters from Query Parameters when the input is untouched", () => {
    const request = executeStatementRequest(
      inputs({
        parameters: DEFAULT_PARAMETERS,
        queryParameters: { Parameters: [{ S: "Rose" }], Limit: 5 },
      }),
    );
    expect(request).toEqual({
      Statement: 'SELECT * FROM "Customers" WHERE customerId = ?',
      Parameters: [{ S: "Rose" }],
      Limit: 5,
    });
  });

  it("refuses a field set both by an input and by Query Parameters, naming both", () => {
    expect(() => executeStatementRequest(inputs({ queryParameters: { Parameters: [] } }))).toThrow(
      /"Parameters" conflicts with the Parameters input/,
    );
  });

  it("refuses a parameter count that does not match the placeholders", () => {
    expect(() => executeStatementRequest(inputs({ parameters: "[1, 2]" }))).toThrow(
      "The Statement has 1 ? placeholder but Parameters has 2 values. Give one value per ?, in order.",
    );
  });
});

describe("statementPageRequest", () => {
  const select = { Statement: 'SELECT * FROM "Customers"', NextToken: "start" };

  it("asks a SELECT page for the items still wanted, from the cursor", () => {
    expect(statementPageRequest(select, "next", 40)).toEqual({
      Statement: 'SELECT * FROM "Customers"',
      NextToken: "next",
      Limit: 40,
    });
  });

  it("never asks for more than the request's own Limit", () => {
    expect(statementPageRequest({ ...select, Limit: 10 }, undefined, 40)).toMatchObject({
      Limit: 10,
    });
    expect(statementPageRequest({ ...select, Limit: 10 }, undefined, 3)).toMatchObject({
      Limit: 3,
    });
  });

  it("gives a write no Limit", () => {
    const update = { Statement: 'UPDATE "Customers" SET a = 1 WHERE id = 1' };
    expect(statementPageRequest(update, "next", 5)).toEqual({ ...update, NextToken: "next" });
  });
});
