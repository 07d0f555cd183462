/**
 * A mocked DynamoDBClient for a test file whose steps run on the corpus's Customers table: before
 * each test the mock is reset, DescribeTable answers with Customers and the connector's caches
 * are emptied; after the file the real client is restored.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { CUSTOMERS } from "../unit/corpus/model";
import { resetCaches } from "./harness";

export function mockCustomersTable() {
  const ddbMock = mockClient(DynamoDBClient);
  beforeEach(() => {
    ddbMock.reset();
    ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
    resetCaches();
  });
  afterAll(() => ddbMock.restore());
  return ddbMock;
}
