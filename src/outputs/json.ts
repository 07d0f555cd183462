/**
 * The one conversion of an AWS SDK answer (a table, backup or index description, a TTL or
 * continuous-backups setting) into the plain JSON a step returns as its data. (Items go the
 * other way in src/values/plain.ts, and come back through src/values/output.ts.)
 */

/**
 * A deep copy of an SDK output object as plain JSON, or null when there is none: Dates become ISO
 * 8601 strings (they would otherwise serialise differently per platform), undefined fields and
 * the SDK's `$metadata` are dropped, everything else is kept as it is.
 */
export function sdkOutputToJson(value: object | undefined): Record<string, unknown> | null {
  return value ? (jsonCopy(value) as Record<string, unknown>) : null;
}

function jsonCopy(value: unknown): unknown {
  // An invalid Date (a mock's) has no time to write: null, as JSON.stringify writes it.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(jsonCopy);
  if (value && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined && key !== "$metadata") result[key] = jsonCopy(field);
    }
    return result;
  }
  return value;
}
