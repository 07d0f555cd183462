/**
 * Generate IAM Policy's Read Only keeps "the permissions that read (Get, Query, Scan, PartiQL
 * SELECT, Describe and List calls, stream reads)": every DynamoDB Describe, List and Get action
 * the component needs counts as a read (AWS's Read and List access levels), so an action that
 * only reads gets the same policy with Read Only as without it.
 */
import { PERMISSIONS, READ_ACTIONS } from "../../src/aws/permissions";
import { harness } from "../support/harness";

/** A policy's statements, as Generate IAM Policy writes them for the given Actions. */
async function statementsOf(key: string, readOnly: boolean): Promise<unknown> {
  const result = (await harness.action("generateIamPolicy", {
    awsRegion: "us-east-1",
    accountId: "123456789012",
    actions: [key],
    tableNames: ["Customers"],
    readOnly,
  })) as { data: { policy: { Statement: unknown[] } } };
  return result.data.policy.Statement;
}

it("counts every DynamoDB Describe, List and Get action the component needs as a read", () => {
  const needed = Object.values(PERMISSIONS).flatMap((grants) =>
    grants.flatMap((grant) => [...grant.actions]),
  );
  const reads = [...new Set(needed)].filter((action) =>
    /^dynamodb:(Describe|List|Get)/.test(action),
  );
  expect(reads).toContain("dynamodb:DescribeExport");
  expect(reads.filter((action) => !READ_ACTIONS.has(action))).toEqual([]);
});

it.each(["describeExport", "listExports", "describeImport", "listImports", "selectExport"])(
  "%s, which only reads, gets the same policy with Read Only",
  async (key) => {
    expect(await statementsOf(key, true)).toEqual(await statementsOf(key, false));
  },
);
