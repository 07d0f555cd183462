/**
 * Reading the parts of an answer a conversion takes apart (lists of items, summaries, names,
 * times), refusing shapes DynamoDB never sends, as a mocked client may answer: an
 * unexpectedAnswer StepError naming the part, never a TypeError or an entry silently misread.
 */
import { show } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import type { AttributeMap } from "./types";

/** An object of attributes (an item, a key, an M value): not null, not an array. */
export function isAttributes(value: unknown): value is AttributeMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The StepError (unexpectedAnswer) of an answer whose shape DynamoDB never sends, such as a list
 * of items holding null or an unprocessed request without its item: `detail` says what and where.
 */
export function answerShapeError(detail: string): StepError {
  return new StepError(
    "unexpectedAnswer",
    `The answer is not shaped as DynamoDB shapes it: ${detail}. DynamoDB never answers so, but a mocked client may: give a mock's answer the shape of the SDK command's output.`,
  );
}

/** A value an answer holds, for a message: numbers and booleans unquoted ({"N": 5} holds 5). */
export function shown(value: unknown): string {
  return typeof value === "number" || typeof value === "boolean" ? String(value) : show(value);
}

/**
 * A list of objects from an answer (a page's summaries, Tags), named `what` in messages: none
 * when absent; an unexpectedAnswer StepError when it is no array of objects, as a mocked client
 * may answer, rather than a TypeError or an entry silently taken as something else.
 */
export function answerObjects<T extends object>(list: unknown, what: string): T[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw answerShapeError(`${what} is ${shown(list)}, not an array`);
  for (let index = 0; index < list.length; index++) {
    if (!isAttributes(list[index])) {
      throw answerShapeError(`${what}[${index}] is ${shown(list[index])}, not an object`);
    }
  }
  return list;
}

/**
 * A list of items or keys from an answer (a table's Responses, UnprocessedKeys' Keys, a page's
 * Items), checked as answerObjects: no key silently taken as read, no TypeError.
 */
export function answerItems(list: unknown, what: string): AttributeMap[] {
  return answerObjects<AttributeMap>(list, what);
}

/**
 * A list of names from an answer (ListTables' TableNames), named `what` in messages: none when
 * absent; an unexpectedAnswer StepError when it is no array of texts (a mock's [1, null]).
 */
export function answerTexts(list: unknown, what: string): string[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw answerShapeError(`${what} is ${shown(list)}, not an array`);
  const index = list.findIndex((name) => typeof name !== "string");
  if (index >= 0) throw answerShapeError(`${what}[${index}] is ${shown(list[index])}, not text`);
  return list;
}

/**
 * A time from an answer (a backup's creation, a restorable window's ends): the SDK gives a Date;
 * a mock may give ISO text or epoch milliseconds, read as that time. None for an invalid Date or
 * anything else, so that no reader fails on it with a TypeError or a RangeError.
 */
export function answerDate(value: unknown): Date | undefined {
  const date =
    value instanceof Date
      ? value
      : typeof value === "string" || typeof value === "number"
        ? new Date(value)
        : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * A text an answer gives (an error's code or message, a table's name) as text: `fallback` when
 * absent; anything else a mock may give (a number, an object) as it reads, so that an output
 * whose schema says text holds text.
 */
export function answerText<F extends string | null>(value: unknown, fallback: F): string | F {
  if (typeof value === "string") return value;
  return value === undefined || value === null ? fallback : shown(value);
}
