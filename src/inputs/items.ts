/**
 * Upsert Item's item: given either as Value with Value Types (typed pairs) or as Item JSON (a
 * plain JSON object). All three inputs are optional in the designer, so "exactly one of them" is
 * enforced here, before any call.
 */

import { type AttributeMap, isBlank, parseJsonInput, plainToMap, typedPairsToMap } from "../values";
import { exactlyOneOf } from "./alternatives";

/** The item as the user gave it, before its key attributes meet the table's key types. */
export interface GivenItem {
  item: AttributeMap;
  /** The input the item came from, for messages: "Value" or "Item JSON". */
  label: string;
  /** Item JSON as parsed (numbers lossless), for the conversion of its key attributes. */
  plain?: Record<string, unknown>;
}

/**
 * The item from exactly one of Value (+ Value Types) or Item JSON. Throws an InputError when both
 * or neither are given, or when the one given cannot be read.
 */
export function givenItem(params: {
  item: unknown;
  itemTypes: unknown;
  itemJson: unknown;
}): GivenItem {
  const which = exactlyOneOf(
    [
      { label: "Value", given: !isBlank(params.item) || !isBlank(params.itemTypes) },
      { label: "Item JSON", given: !isBlank(params.itemJson) },
    ],
    {
      both: "Give the item either as Value (with Value Types) or as Item JSON, not both. Clear Value and Value Types to use Item JSON.",
      none: "Value or Item JSON is required: give the item's attributes in Value with a type for each in Value Types (such as customerId → 1001 with customerId → N), or the whole item as Item JSON.",
    },
  );
  if (which === 1) {
    const plain = parseJsonInput(params.itemJson, "Item JSON");
    const item = plainToMap(plain, "Item JSON");
    return { item, label: "Item JSON", plain: plain as Record<string, unknown> };
  }
  return {
    item: typedPairsToMap(params.item, params.itemTypes, { values: "Value", types: "Value Types" }),
    label: "Value",
  };
}
