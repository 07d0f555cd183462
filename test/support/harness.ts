import type { Connection } from "@prismatic-io/spectral";
import { testing } from "@prismatic-io/spectral";
import { clearClientCache } from "../../src/aws/client";
import { clearKeySchemaCache } from "../../src/engines/keySchema";
import component from "../../src/index";

// A step's logger that records its calls and prints them only with DEBUG.
export { quietLogger } from "./quiet";

/** Runs actions, data sources and triggers as the platform does: cleans and defaults included. */
export const harness = testing.createHarness(component);

export const TEST_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/** An Access Key and Secret connection value for unit tests (no network is reached with mocks). */
export function keySecretConnection(fields: Record<string, unknown> = {}): Connection {
  return {
    key: "apiKeySecret",
    configVarKey: "",
    fields: { accessKeyId: "AKIAUNITTEST", secretAccessKey: TEST_SECRET, ...fields },
  };
}

/** The inputs every step on a table has, for unit tests: the connection, us-east-1, the table. */
export function tableStepParams(tableName = "Customers") {
  return { awsConnection: keySecretConnection(), awsRegion: "us-east-1", tableName };
}

/** Query Items' inputs for customer 1001's items on Customers (a number partition key), for unit tests. */
export function customerQueryParams() {
  return {
    ...tableStepParams(),
    keyConditionExpression: "customerId = :c",
    expressionAttributeValues: { ":c": "1001" },
    expressionAttributeValueTypes: { ":c": "N" as const },
  };
}

/** An AWS Role ARN connection value for unit tests. */
export function assumeRoleConnection(fields: Record<string, unknown> = {}): Connection {
  return {
    key: "awsAssumeRole",
    configVarKey: "",
    fields: {
      roleARN: "arn:aws:iam::123456789012:role/IntegrationRole",
      accessKeyId: "AKIAUNITTEST",
      secretAccessKey: TEST_SECRET,
      externalId: "external-id-42",
      ...fields,
    },
  };
}

/** Cached clients and table keys live for the process; unit tests start each case clean. */
export function resetCaches(): void {
  clearClientCache();
  clearKeySchemaCache();
}
