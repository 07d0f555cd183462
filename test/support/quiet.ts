/**
 * Quiet test output: the runner's summary and failures only. Set DEBUG (any value but "" or "0")
 * to see what a step logs (Import Items' progress, the trigger's warnings, the SDK's debug lines)
 * and the measurements some tests take (`debugNote`).
 */
import type { CodeNativeActionLogger } from "@prismatic-io/spectral";

/** True when DEBUG asks for the step logs and measurements to be printed. */
export const SHOW_DEBUG_OUTPUT = !["", "0", "false"].includes(process.env.DEBUG ?? "");

/** A step's logger whose calls are recorded (jest mocks) and printed only with DEBUG. */
export function quietLogger(): jest.Mocked<CodeNativeActionLogger> {
  const method = (print: (...args: unknown[]) => void) =>
    jest.fn((...args: unknown[]) => {
      if (SHOW_DEBUG_OUTPUT) print(...args);
    });
  return {
    metric: method(console.log),
    trace: method(console.trace),
    debug: method(console.debug),
    info: method(console.info),
    log: method(console.log),
    warn: method(console.warn),
    error: method(console.error),
    section: jest.fn((label: string) => {
      if (SHOW_DEBUG_OUTPUT) console.group(label);
    }),
    sectionEnd: jest.fn((_params: { label: string }) => {
      if (SHOW_DEBUG_OUTPUT) console.groupEnd();
    }),
  };
}

/** Prints a measurement (timings, counts) only with DEBUG: tests assert, they don't report. */
export function debugNote(message: string): void {
  if (SHOW_DEBUG_OUTPUT) console.log(message);
}

/**
 * Makes every context spectral's testing module builds (createHarness, invoke, invokeTrigger,
 * invokeFlow) get a quietLogger. Spectral's own loggerMock spies on console and calls through, so
 * each step's progress would print. Its contexts call the module's `loggerMock` export at each
 * invocation, which is why replacing that export reaches every harness, the ones tests build from
 * the bundle included. Call once per test file, before the tests run (a jest setup file).
 */
export function quietSpectralLoggers(): void {
  const spectralTesting: {
    loggerMock: () => unknown;
  } = require("@prismatic-io/spectral/dist/testing");
  spectralTesting.loggerMock = quietLogger;
}
