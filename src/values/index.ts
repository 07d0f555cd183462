/**
 * Values: inputs -> DynamoDB AttributeValues, and DynamoDB output -> plain JSON, losing nothing.
 * One module per concern; this index is what the rest of the connector imports.
 *
 * - types.ts    type codes, AttributeMap, where a value came from (for messages)
 * - numbers.ts  DynamoDB's number grammar and limits; exact decimal strings
 * - binary.ts   base64 in and out
 * - sets.ts     L, M and set values given as JSON text; S and SS members
 * - typed.ts    a value with its type code (Value / Value Types); DynamoDB's typed JSON
 * - plain.ts    plain JSON -> AttributeValue
 * - items.ts    whole items as plain JSON (DynamoDB JSON recognised and refused)
 * - cursor.ts   Exclusive Start Key cursors
 * - output.ts   AttributeValue -> plain JSON or typed JSON
 * - size.ts     DynamoDB's item size; an item's bytes in a step's output
 * - given.ts    input values echoed as given (unread keys, messages), back to plain JSON
 *
 * Marshalling is a small switch rather than util-dynamodb's convertToAttr: convertToAttr rejects
 * lossless-json's LosslessNumber (a full pre-walk would be needed anyway), silently drops an
 * attribute named "__proto__", and its errors name neither the input nor the attribute. Output is
 * a switch too: unmarshall yields Sets and NumberValue objects, which are not plain JSON.
 */

export {
  answerDate,
  answerItems,
  answerObjects,
  answerShapeError,
  answerText,
  answerTexts,
  isAttributes,
  shown,
} from "./answers";
export { parseCursor, parseKeyCursor } from "./cursor";
export { givenAsPlain } from "./given";
export { plainToMap, typedToMap } from "./items";
export { isPlainObject, parseJsonInput } from "./json";
export { givenKeyIdentity, keyValueIdentity, sameKeyValue } from "./keyIdentity";
export { MAX_ITEM_BYTES } from "./limits";
export { canonicalNumber, toNumberString } from "./numbers";
export {
  attributeToPlain,
  checkAnsweredMap,
  formatItem,
  formatItemOrNull,
  formatItems,
  itemForMessage,
  mapToPlain,
} from "./output";
export { plainToAttributeValue } from "./plain";
export { hasAttribute, isBlank } from "./primitives";
export { BoundedList, itemSize, outputSize } from "./size";
export { toAttributeValue, typedPairsToMap } from "./typed";
export {
  type AttributeMap,
  TYPE_CODE_CHOICES,
  TYPE_CODES,
  type TypeCode,
  type ValueSource,
} from "./types";
