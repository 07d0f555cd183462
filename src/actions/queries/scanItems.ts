import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { readScan, scanRequest, startScan } from "../../engines/scan";
import {
  consistentRead,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  fetchAll,
  indexName,
  limit,
  maxAttempts,
  maxItems,
  projectionExpression,
  returnDynamoJson,
  scanFilterExpression,
  tableStepInputs,
  totalSegments,
} from "../../inputs";
import {
  parallelScanFailure,
  scanItemsExample,
  scanItemsOutputSchema,
  scanPageData,
  scanReadData,
} from "../../outputs/queries";
import { outputSize } from "../../values";

export const scanItems = action({
  display: {
    label: "Scan Items",
    description:
      "Read every item of a DynamoDB table or index, optionally filtered, page by page or all at once, in parallel segments if wanted",
  },
  inputs: {
    ...tableStepInputs,
    filterExpression: scanFilterExpression,
    expressionAttributeNames,
    expressionAttributeValues,
    expressionAttributeValueTypes,
    projectionExpression,
    indexName,
    limit,
    exclusiveStartKey,
    fetchAll,
    maxItems,
    consistentRead,
    totalSegments,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const request = scanRequest(params);
    const step = connect(invocation, params);
    const { plan, start, segmentStarts } = await startScan(step, request);
    const dynamoJson = params.returnDynamoJson;
    if (!params.fetchAll) {
      const page = await step.send(
        "Scan",
        new ScanCommand({ ...plan.input, ExclusiveStartKey: start }),
      );
      return { data: scanPageData(page, dynamoJson) };
    }
    const read = await readScan(
      plan,
      { start, segmentStarts },
      {
        maxItems: params.maxItems,
        sizeOf: (item) => outputSize(item, dynamoJson),
        totalSegments: params.totalSegments,
      },
    ).catch((error: unknown) => {
      throw parallelScanFailure(error, dynamoJson);
    });
    return { data: scanReadData(read, dynamoJson) };
  },
  outputSchema: scanItemsOutputSchema,
  examplePayload: scanItemsExample,
});
