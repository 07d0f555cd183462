/** Test data shared by the tests: the Customers table as the SDK describes it, and plain customer items. */
import type { TableDescription } from "@aws-sdk/client-dynamodb";

/**
 * The Customers table as the SDK returns it (Dates, not strings; provisioned 5/5 and never
 * switched, so no BillingModeSummary), matching the actions' EXAMPLE_TABLE; `overrides` replace
 * top-level fields.
 */
export function customersTable(overrides: Partial<TableDescription> = {}): TableDescription {
  return {
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "N" },
      { AttributeName: "customerName", AttributeType: "S" },
    ],
    TableName: "Customers",
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" },
      { AttributeName: "customerName", KeyType: "RANGE" },
    ],
    TableStatus: "ACTIVE",
    CreationDateTime: new Date("2024-05-01T12:00:00.000Z"),
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    },
    TableSizeBytes: 2048,
    ItemCount: 12,
    TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
    TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
    DeletionProtectionEnabled: false,
    ...overrides,
  };
}

/** `count` plain customer items keyed by a numeric `id` (0, 1, ...), with a list and a map each. */
export function customerItems(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    name: `Customer ${i}`,
    city: "London",
    tags: ["a", "b", "c"],
    address: { street: `${i} High Street`, postcode: "N1 1AA" },
  }));
}

/** Customer 1001's key on the Customers table, as DynamoDB answers it (a mock's Items or cursor). */
export const CUSTOMER_KEY = { customerId: { N: "1001" }, customerName: { S: "Ada" } };
