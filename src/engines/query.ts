/**
 * The Query engine (Query Items, Export Items, Delete Items): the Query request the inputs
 * describe, built without a client (`queryRequest`), its cursor checked against the table
 * (`startQuery`), and Fetch All (`readQuery`): page after page up to Max Items and a byte budget,
 * a cut page continuing exactly after its last item.
 */
import {
  type ConsumedCapacity,
  paginateQuery,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { Step } from "../aws/invocation";
import { fail, show } from "../errors/inputError";
import { checkMaxItemsNeedsFetchAll } from "../inputs/definitions";
import { checkPlaceholders, cleanExpressionValues, setsExpressions } from "../inputs/placeholders";
import { START_KEY_LABEL } from "../inputs/queries";
import { defined, mergeQueryParameters } from "../inputs/queryParameters";
import { type AttributeMap, parseKeyCursor } from "../values";
import { addConsumedCapacity } from "./capacity";
import { checkIndexRead, dependsOnIndexKind, type LabelOf, named } from "./indexReads";
import { type TableKeys, tableKeys } from "./keySchema";
import {
  collectPages,
  cursorKeyNames,
  type EarlyStop,
  earlyStop,
  keyOfItem,
  presentedOptions,
  projectKeyAttributes,
  type ReadOptions,
  restoreCursor,
  sdkPages,
  withoutAttributes,
} from "./paging";

/** The command parameter each input sets, by the input's label (for conflict messages). */
const PARAMETER_LABELS: Record<string, string> = {
  TableName: "Table Name",
  KeyConditionExpression: "Key Condition Expression",
  FilterExpression: "Filter Expression",
  ExpressionAttributeValues: "Expression Attribute Values",
  ExpressionAttributeNames: "Expression Attribute Names",
  IndexName: "Index Name",
  ScanIndexForward: "Scan Index Forward",
  Limit: "Limit",
  ExclusiveStartKey: START_KEY_LABEL,
  ProjectionExpression: "Projection Expression",
  ConsistentRead: "Consistent Read",
};

/** The cleaned inputs a Query is built from (Query Items' inputs; the other reads fill in theirs). */
export type QueryParams = {
  tableName: string;
  keyConditionExpression?: string;
  filterExpression?: string;
  projectionExpression?: string;
  expressionAttributeNames?: Record<string, string>;
  expressionAttributeValues: unknown;
  expressionAttributeValueTypes: unknown;
  queryParameters: Record<string, unknown>;
  indexName?: string;
  scanIndexForward: boolean;
  consistentRead: boolean;
  limit?: number;
  exclusiveStartKey: unknown;
  fetchAll: boolean;
  maxItems?: number;
};

/**
 * The Query request the inputs describe, Query Parameters merged in. Pure: no client, no call.
 * Throws an InputError naming the input for every input error (a missing key condition, Max Items
 * without Fetch All, an undefined or unused placeholder, a bad cursor, a conflicting parameter).
 * `acrossPartitions` ends the missing key condition's message: what the calling action's builder
 * does instead to reach items of every partition.
 */
export function queryRequest(
  params: QueryParams,
  acrossPartitions = "To read the whole table use Scan Items.",
): QueryCommandInput {
  const parameters = params.queryParameters;
  if (!params.keyConditionExpression && parameters.KeyConditionExpression === undefined) {
    fail(
      "Key Condition Expression",
      "required",
      `Key Condition Expression is required: a Query reads one partition, named with =, such as customerId = :id (with :id in Expression Attribute Values). ${acrossPartitions}`,
    );
  }
  checkMaxItemsNeedsFetchAll(
    params.maxItems,
    params.fetchAll,
    "use Limit for the size of one page",
  );
  const values = cleanExpressionValues(
    params.expressionAttributeValues,
    params.expressionAttributeValueTypes,
  );
  const names = params.expressionAttributeNames;
  // With expressions in Query Parameters, DynamoDB checks the placeholders itself.
  if (!setsExpressions(parameters)) {
    checkPlaceholders({
      expressions: {
        "Key Condition Expression": params.keyConditionExpression,
        "Filter Expression": params.filterExpression,
        "Projection Expression": params.projectionExpression,
      },
      names,
      values,
    });
  }
  const request = mergeQueryParameters<QueryCommandInput>(
    defined({
      TableName: params.tableName,
      IndexName: params.indexName,
      KeyConditionExpression: params.keyConditionExpression,
      FilterExpression: params.filterExpression,
      ProjectionExpression: params.projectionExpression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
      // Only the non-default values are sent, as the old component's command had neither.
      ScanIndexForward: params.scanIndexForward ? undefined : false,
      ConsistentRead: params.consistentRead || undefined,
      Limit: params.limit,
      ExclusiveStartKey: parseKeyCursor(params.exclusiveStartKey, START_KEY_LABEL),
    }),
    parameters,
    PARAMETER_LABELS,
  );
  checkLegacyParameters(parameters);
  // The labels are looked up only when there is a Select to check (most queries have none).
  if (request.Select !== undefined) checkSelect(request, labelIn(parameters));
  return request;
}

/** The legacy parameters of a Query, and the input that replaces each. */
const LEGACY_PARAMETERS: Record<string, string> = {
  AttributesToGet: "Projection Expression",
  KeyConditions: "Key Condition Expression",
  QueryFilter: "Filter Expression",
  ConditionalOperator: "AND or OR in the Filter Expression",
};

/**
 * DynamoDB refuses a legacy parameter beside an expression parameter, and a Query always has its
 * KeyConditionExpression: a legacy parameter in Query Parameters is an InputError.
 */
function checkLegacyParameters(parameters: Record<string, unknown>): void {
  for (const name of Object.keys(parameters)) {
    if (!Object.hasOwn(LEGACY_PARAMETERS, name)) continue;
    fail(
      "Query Parameters",
      "conflict",
      `Query Parameters: "${name}" is a legacy parameter, and DynamoDB refuses legacy parameters in a request with expressions, such as the Key Condition Expression every query has. Use ${LEGACY_PARAMETERS[name]} instead.`,
    );
  }
}

/**
 * Select as DynamoDB documents it: ALL_PROJECTED_ATTRIBUTES only when reading an index, and no
 * ProjectionExpression beside any Select but SPECIFIC_ATTRIBUTES. Throws an InputError naming the
 * input that set Select (Query Parameters).
 */
function checkSelect(request: QueryCommandInput, labelOf: LabelOf): void {
  const select = request.Select;
  if (select === undefined) return;
  if (select === "ALL_PROJECTED_ATTRIBUTES" && request.IndexName === undefined) {
    fail(
      labelOf("Select"),
      "conflict",
      `${named("Select", labelOf)} is ALL_PROJECTED_ATTRIBUTES, which DynamoDB allows only when reading an index, but Index Name is blank. Fill in Index Name, or use Select ALL_ATTRIBUTES (or leave Select out).`,
    );
  }
  if (select !== "SPECIFIC_ATTRIBUTES" && request.ProjectionExpression !== undefined) {
    fail(
      labelOf("Select"),
      "conflict",
      `${named("Select", labelOf)} is ${show(select)}, and DynamoDB refuses ${named("ProjectionExpression", labelOf)} beside any Select but SPECIFIC_ATTRIBUTES. Clear ${named("ProjectionExpression", labelOf)}, or set Select to SPECIFIC_ATTRIBUTES (or leave it out).`,
    );
  }
}

/** A query ready to run, and its table's keys (cached; read when a cursor needs them). */
export interface StartedQuery {
  request: QueryCommandInput;
  tableKeys: () => Promise<TableKeys>;
}

/** The label of the input that set a parameter of the request queryRequest built. */
function labelIn(queryParameters: Record<string, unknown>): LabelOf {
  return (parameter) =>
    Object.hasOwn(PARAMETER_LABELS, parameter) && !Object.hasOwn(queryParameters, parameter)
      ? PARAMETER_LABELS[parameter]
      : "Query Parameters";
}

/**
 * The query with its Exclusive Start Key checked against the table (or index) key and its types
 * restored (a plain cursor cannot tell a string from base64 binary or a long number), and a read
 * DynamoDB refuses on a global index refused (checkIndexRead, with the table's keys, read only for
 * such a read; `queryParameters`, those the request was built with, say which input to name).
 * Throws an InputError naming Exclusive Start Key (or Index Name) when the cursor does not fit.
 */
export function startQuery(
  step: Step,
  request: QueryCommandInput,
  queryParameters: Record<string, unknown> = {},
): StartedQuery | Promise<StartedQuery> {
  const keysOfTable = () => tableKeys(step, step.table, request.IndexName);
  // Neither a cursor nor a read the index's kind decides: ready at once, without a promise.
  if (request.ExclusiveStartKey === undefined && !dependsOnIndexKind(request)) {
    return { request, tableKeys: keysOfTable };
  }
  return startChecked(step, request, keysOfTable, labelIn(queryParameters));
}

async function startChecked(
  step: Step,
  request: QueryCommandInput,
  keysOfTable: () => Promise<TableKeys>,
  labelOf: LabelOf,
): Promise<StartedQuery> {
  const start =
    request.ExclusiveStartKey === undefined
      ? undefined
      : await restoreCursor(request.ExclusiveStartKey, keysOfTable, START_KEY_LABEL, {
          table: step.table,
          index: request.IndexName,
        });
  if (dependsOnIndexKind(request)) {
    checkIndexRead(await keysOfTable(), step.table, request, labelOf);
  }
  const started = start === undefined ? request : { ...request, ExclusiveStartKey: start };
  return { request: started, tableKeys: keysOfTable };
}

/** A Fetch All query: its items (none with onItem), counts and where to continue. */
export type QueryRead = EarlyStop & {
  items: AttributeMap[];
  /** DynamoDB's count of matching items over the pages read (with Select COUNT, the only count). */
  count: number;
  scannedCount: number;
  lastEvaluatedKey?: AttributeMap;
  /** With ReturnConsumedCapacity (Query Parameters): the capacity of every page read, summed. */
  consumedCapacity?: ConsumedCapacity;
};

/**
 * Fetch All: pages up to Max Items or the byte budget; a cut page continues after its last item.
 * With `onItem`, items are handed over as they come (see collectPages) instead of kept. A
 * projection gets the key attributes a cursor needs added to `request` (and taken out of the items).
 */
export async function readQuery(
  step: Step,
  request: QueryCommandInput,
  tableKeys: () => Promise<TableKeys>,
  options: ReadOptions,
): Promise<QueryRead> {
  const keyNames = async () => cursorKeyNames(await tableKeys(), step.table, request.IndexName);
  const added = await projectKeyAttributes(request, keyNames);
  let count = 0;
  let scannedCount = 0;
  let consumedCapacity: ConsumedCapacity | undefined;
  // The paginator writes ExclusiveStartKey into its input, so it gets a copy.
  const pages = sdkPages(
    paginateQuery({ client: step.clients.dynamodb }, { ...request }),
    step.context("Query"),
    (page) => {
      count += page.Count ?? 0;
      scannedCount += page.ScannedCount ?? 0;
      consumedCapacity = addConsumedCapacity(consumedCapacity, page.ConsumedCapacity);
    },
  );
  const { maxItems, byteBudget, tooLarge, sizeOf, onItem } = presentedOptions(options, added);
  const collected = await collectPages(pages, {
    maxItems,
    byteBudget,
    tooLarge,
    sizeOf,
    onItem,
    startCursor: request.ExclusiveStartKey,
    cursorAfter: async (item: AttributeMap) => keyOfItem(item, await keyNames()),
  });
  return {
    items: collected.items.map((item) => withoutAttributes(item, added)),
    count,
    scannedCount,
    lastEvaluatedKey: collected.lastEvaluatedKey,
    ...earlyStop(collected.reason),
    consumedCapacity,
  };
}
