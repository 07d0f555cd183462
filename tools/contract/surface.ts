/**
 * The component's surface: what a flow or a code-native integration refers to and what the
 * designer shows (keys, labels, descriptions, each input in order with its type, default and
 * flags). contract/surface.json locks it; `npm run surface` rewrites that file from src/index.ts
 * after a deliberate change, which contract/README.md's changelog then records.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** Where the surface lock lives. */
export const SURFACE_PATH = path.join(ROOT, "contract", "surface.json");

/** One input as the surface records it; a field the component leaves undefined is absent. */
export interface SurfaceInput {
  key: string;
  label?: string;
  type?: string;
  default?: unknown;
  required?: boolean;
  collection?: string;
  /** A dropdown's choices, in order. */
  model?: { value: unknown; label: unknown }[];
  /** The data source that fills the input's picklist. */
  dataSource?: string;
  /** The language of a code input. */
  language?: string;
}

/** An action, data source, trigger or connection: its display fields and its inputs in order. */
export interface SurfacePart {
  [field: string]: unknown;
  inputs: SurfaceInput[];
}

/** The whole surface; each part is keyed by its key, sorted, since their order is not shown. */
export interface Surface {
  component: Record<string, unknown>;
  connections: Record<string, SurfacePart>;
  actions: Record<string, SurfacePart>;
  dataSources: Record<string, SurfacePart>;
  triggers: Record<string, SurfacePart>;
}

/** The component as spectral's `component()` returns it, reduced to the fields read here. */
interface ComponentLike {
  key: string;
  display: object;
  connections?: { key: string; label?: unknown; comments?: unknown; inputs?: unknown }[];
  actions: Record<string, { display: object; inputs?: unknown }>;
  dataSources?: Record<string, { display: object; dataSourceType?: unknown; inputs?: unknown }>;
  triggers?: Record<string, { display: object; inputs?: unknown }>;
}

const INPUT_FIELDS = [
  "key",
  "label",
  "type",
  "default",
  "required",
  "collection",
  "dataSource",
  "language",
] as const;

/** Trigger fields that decide how the platform runs it. */
const TRIGGER_FIELDS = [
  "scheduleSupport",
  "synchronousResponseSupport",
  "triggerResolverSupport",
  "isPollingTrigger",
] as const;

/** The fields of `source` named in `fields`, leaving out those that are undefined. */
function defined(source: object, fields: readonly string[]) {
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    const value = (source as Record<string, unknown>)[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked;
}

function inputsOf(inputs: unknown): SurfaceInput[] {
  return ((inputs ?? []) as Record<string, unknown>[]).map((input) => {
    const surface = defined(input, INPUT_FIELDS) as unknown as SurfaceInput;
    if (Array.isArray(input.model)) {
      surface.model = (input.model as Record<string, unknown>[]).map(({ value, label }) => ({
        value,
        label,
      }));
    }
    return surface;
  });
}

function sortedByKey<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The surface of a component, as plain JSON (what JSON.stringify and JSON.parse round-trip). */
export function surfaceOf(component: ComponentLike): Surface {
  const displayed = (
    part: { display: object; inputs?: unknown },
    extra: Record<string, unknown> = {},
  ): SurfacePart => ({
    ...defined(part.display, ["label", "description"]),
    ...extra,
    inputs: inputsOf(part.inputs),
  });
  const surface: Surface = {
    component: {
      key: component.key,
      ...defined(component.display, ["label", "description", "category", "iconPath"]),
    },
    connections: sortedByKey(
      (component.connections ?? []).map((connection) => [
        connection.key,
        {
          ...defined(connection, ["label", "comments"]),
          inputs: inputsOf(connection.inputs),
        },
      ]),
    ),
    actions: sortedByKey(
      Object.entries(component.actions).map(([key, action]) => [key, displayed(action)]),
    ),
    dataSources: sortedByKey(
      Object.entries(component.dataSources ?? {}).map(([key, source]) => [
        key,
        displayed(source, defined(source, ["dataSourceType"])),
      ]),
    ),
    triggers: sortedByKey(
      Object.entries(component.triggers ?? {}).map(([key, trigger]) => [
        key,
        displayed(trigger, defined(trigger, TRIGGER_FIELDS)),
      ]),
    ),
  };
  return JSON.parse(JSON.stringify(surface)) as Surface;
}

/** The surface locked in contract/surface.json. */
export function lockedSurface(file = SURFACE_PATH): Surface {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Surface;
}

const ABSENT = "(absent)";

/** A value for a one-line message: JSON, cut to 200 characters. */
function shown(value: unknown): string {
  if (value === undefined) return ABSENT;
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An array of inputs: objects that each carry a string key. */
function isInputList(value: unknown): value is SurfaceInput[] {
  return (
    Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.key === "string")
  );
}

/** Inputs compared by key, so that one inserted input reads as one line, not a shifted list. */
function inputDifferences(
  where: string,
  locked: SurfaceInput[],
  current: SurfaceInput[],
  out: string[],
): void {
  const lockedKeys = locked.map((input) => input.key);
  const currentKeys = current.map((input) => input.key);
  if (lockedKeys.join("\u0000") !== currentKeys.join("\u0000")) {
    out.push(`${where} order: ${lockedKeys.join(", ")} → ${currentKeys.join(", ")}`);
  }
  for (const input of locked) {
    const now = current.find((candidate) => candidate.key === input.key);
    if (!now) out.push(`${where}[${input.key}]: removed`);
    else differences(`${where}[${input.key}]`, input, now, out);
  }
  for (const input of current) {
    if (!lockedKeys.includes(input.key)) out.push(`${where}[${input.key}]: added ${shown(input)}`);
  }
}

/** Appends one line per difference under `where` to `out`. */
function differences(where: string, locked: unknown, current: unknown, out: string[]): void {
  if (isInputList(locked) && isInputList(current)) {
    inputDifferences(where, locked, current, out);
    return;
  }
  if (isRecord(locked) && isRecord(current)) {
    for (const field of new Set([...Object.keys(locked), ...Object.keys(current)])) {
      const path = `${where}.${field}`;
      if (!(field in current)) out.push(`${path}: removed (was ${shown(locked[field])})`);
      else if (!(field in locked)) out.push(`${path}: added ${shown(current[field])}`);
      else differences(path, locked[field], current[field], out);
    }
    return;
  }
  if (Array.isArray(locked) && Array.isArray(current) && locked.length === current.length) {
    for (const [index, item] of locked.entries()) {
      differences(`${where}[${index}]`, item, current[index], out);
    }
    return;
  }
  if (JSON.stringify(locked) !== JSON.stringify(current)) {
    out.push(`${where}: ${shown(locked)} → ${shown(current)}`);
  }
}

/**
 * Every difference between the locked surface and the current one, one readable line each
 * (`actions.getItem.inputs[value].label: "A" → "B"`); empty when they are the same.
 */
export function surfaceDifferences(locked: Surface, current: Surface): string[] {
  const out: string[] = [];
  differences("", locked, current, out);
  return out.map((line) => line.replace(/^\./, ""));
}

/** The message a test fails with when the surface differs from the lock. */
export function surfaceMismatchMessage(what: string, lines: string[]): string {
  return [
    `${what} differs from contract/surface.json in ${lines.length} place(s):`,
    ...lines.map((line) => `  ${line}`),
    "A refactoring must not change the component's surface. If this change is deliberate (and",
    "within the rules of contract/README.md), run `npm run surface` and add a line to the",
    "changelog in contract/README.md.",
  ].join("\n");
}

/** Writes contract/surface.json from src/index.ts, formatted as biome formats JSON. */
function main(): void {
  // Loaded here, not at the top, so that the test helpers above do not load the component.
  const component = require("../../src/index").default as ComponentLike;
  fs.writeFileSync(SURFACE_PATH, `${JSON.stringify(surfaceOf(component), null, 2)}\n`);
  execFileSync(
    path.join(ROOT, "node_modules", ".bin", "biome"),
    ["format", "--write", SURFACE_PATH],
    {
      cwd: ROOT,
      stdio: "ignore",
    },
  );
  process.stdout.write(`Wrote ${path.relative(ROOT, SURFACE_PATH)}\n`);
}

if (require.main === module) main();
