import { format } from "node:util";
import type { ActionLogger, Connection } from "@prismatic-io/spectral";

/** What each demo step module gets: a harness-backed way to run actions and print results. */
export interface Demo {
  connection: Connection;
  region: string;
  /** A table name unique to this run, so that demos never collide on a shared endpoint. */
  tableName(prefix: string): string;
  /** Runs an action through spectral's harness (cleans and defaults run as on the platform). */
  action(key: string, params: Record<string, unknown>): Promise<unknown>;
  /** Runs a data source through the harness. */
  dataSource(key: string, params: Record<string, unknown>): Promise<unknown>;
  /** Runs a trigger through the harness. */
  trigger(
    key: string,
    params: Record<string, unknown>,
    state?: Record<string, unknown>,
  ): Promise<unknown>;
  /** Prints a numbered step with a short view of its result; throws (ending the demo) on failure. */
  step<T>(title: string, run: () => Promise<T>, view?: (result: T) => string): Promise<T>;
}

/** A demo section: one per area of the connector, run in order by demo/run.ts. */
export type DemoSection = (demo: Demo) => Promise<void>;

/** Shortens a JSON view so each step prints on a line or two. */
export function shortJson(value: unknown, max = 160): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * What a step shows by default: an action's `data` or a data source's `result`, without the
 * wrapper, so every step prints in the style of the steps that choose their own view.
 */
export function payload(result: unknown): unknown {
  if (result !== null && typeof result === "object" && !Array.isArray(result)) {
    const keys = Object.keys(result);
    if (keys.length === 1 && (keys[0] === "data" || keys[0] === "result")) {
      return (result as Record<string, unknown>)[keys[0]];
    }
  }
  return result;
}

/** One line a step logged through its logger, with the logger method's name. */
export interface LoggedLine {
  level: keyof ActionLogger;
  text: string;
}

/** A step's logger that keeps each line it is given (formatted as console would) in `lines`. */
export function collectingLogger(lines: LoggedLine[]): ActionLogger {
  const method =
    (level: keyof ActionLogger) =>
    (...args: unknown[]) => {
      lines.push({ level, text: format(...args) });
    };
  return {
    metric: method("metric"),
    trace: method("trace"),
    debug: method("debug"),
    info: method("info"),
    log: method("log"),
    warn: method("warn"),
    error: method("error"),
  };
}

/**
 * The lines of a step's log to print under the step, indented: warnings and errors always, the
 * rest (progress, the SDK's debug lines) only when `verbose` (npm start -- --verbose).
 */
export function logView(lines: LoggedLine[], verbose: boolean): string[] {
  return lines
    .filter((line) => verbose || line.level === "warn" || line.level === "error")
    .map(
      (line) =>
        `      ${line.level === "warn" || line.level === "error" ? `${line.level}: ` : "· "}${line.text}`,
    );
}
