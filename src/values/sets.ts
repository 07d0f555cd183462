/**
 * Values that come as JSON text or an already-parsed value: L, M and the three sets (SS, NS, BS),
 * with their shape hints; and the text members of S and SS.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { numberObjectText } from "../common/numberObjects";
import { show } from "../errors/inputError";
import { bytesOrFail, toBase64 } from "./binary";
import { parseJsonInput } from "./json";
import { checkNumber, NUMBER_HINT } from "./numbers";
import { child, failAt, subject, type Where } from "./types";

export const SHAPE_HINTS: Record<"L" | "M" | "SS" | "NS" | "BS", string> = {
  L: 'A list is a JSON array, such as [1, "two", {"three": 3}].',
  M: 'A map is a JSON object, such as {"city": "London", "zip": 12345}.',
  SS: 'A string set is a JSON array of text, such as ["red", "green"].',
  NS: "A number set is a JSON array of numbers, such as [1, 2.5, -3].",
  BS: 'A binary set is a JSON array of base64 text, such as ["SGVsbG8=", "V29ybGQ="].',
};

export function stringMember(raw: unknown, where: Where, lead: string): string {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "bigint" || typeof raw === "boolean") {
    return String(raw);
  }
  const numberText = numberObjectText(raw);
  if (numberText !== undefined) return numberText;
  if (raw === undefined || raw === null)
    return failAt(where, `${lead} it has no value; give text (it may be empty).`);
  return failAt(
    where,
    `${lead} its value is ${show(raw)}, not text. Use type M for a map or L for a list.`,
  );
}

/** L, M and set values come as JSON text or as an already-parsed value. */
export function containerValue(
  raw: unknown,
  code: keyof typeof SHAPE_HINTS,
  where: Where,
): unknown {
  if (typeof raw !== "string") return raw;
  return parseJsonInput(raw, where.input, {
    // Called only for a message: the attribute's path is made printable when there is one to write.
    subject: () => `${subject(where)} has type ${code} but its value`,
    hint: SHAPE_HINTS[code],
  });
}

export function setValue(raw: unknown, code: "SS" | "NS" | "BS", where: Where): AttributeValue {
  const parsed = containerValue(raw, code, where);
  const members = parsed instanceof Set ? [...parsed] : parsed;
  if (!Array.isArray(members)) {
    return failAt(
      where,
      `has type ${code} but its value is ${show(parsed)}, not a JSON array. ${SHAPE_HINTS[code]}`,
    );
  }
  if (members.length === 0) {
    return failAt(
      where,
      `has type ${code} but the set is empty; a set cannot be empty. Remove the attribute or use type NULL.`,
    );
  }
  const seen = new Map<string, unknown>();
  const out: string[] = [];
  const bytesOut: Uint8Array[] = [];
  members.forEach((member, index) => {
    const lead = `has type ${code} but member ${index + 1}:`;
    let key: string;
    if (code === "SS") {
      key = stringMember(member, where, lead);
      out.push(key);
    } else if (code === "NS") {
      const checked = checkNumber(member);
      if ("problem" in checked) failAt(where, `${lead} ${checked.problem}. ${NUMBER_HINT}`);
      key = checked.shape.canonical;
      out.push(checked.text);
    } else {
      const bytes = bytesOrFail(member, child(where, index), `is in a ${code} set but`);
      key = toBase64(bytes);
      bytesOut.push(bytes);
    }
    if (seen.has(key)) {
      const earlier = seen.get(key);
      const same =
        code === "NS" && String(earlier) !== String(member)
          ? ` (the same number as ${show(earlier)})`
          : "";
      failAt(
        where,
        `has type ${code} but ${show(member)}${same} appears more than once; a set cannot contain duplicates.`,
      );
    }
    seen.set(key, member);
  });
  if (code === "SS") return { SS: out };
  if (code === "NS") return { NS: out };
  return { BS: bytesOut };
}
