/**
 * The demo prints every step in one style: what an action or data source returned, unwrapped,
 * and under it what the step logged.
 */
import { collectingLogger, type LoggedLine, logView, payload, shortJson } from "../../demo/demo";

describe("demo step views", () => {
  it("shows an action's data and a data source's result without their wrapper", () => {
    expect(shortJson(payload({ data: { succeeded: true, operationCount: 2 } }))).toBe(
      '{"succeeded":true,"operationCount":2}',
    );
    expect(payload({ result: [{ key: "byCategory" }] })).toEqual([{ key: "byCategory" }]);
  });

  it("leaves any other value as it is", () => {
    expect(payload({ data: 1, extra: 2 })).toEqual({ data: 1, extra: 2 });
    expect(payload(["data"])).toEqual(["data"]);
    expect(payload("deleted")).toBe("deleted");
    expect(payload(null)).toBeNull();
  });
});

describe("demo step logs", () => {
  it("keeps what a step logs, formatted as console would", () => {
    const lines: LoggedLine[] = [];
    const logger = collectingLogger(lines);
    logger.info("Import Items: %d rows checked", 100);
    logger.warn("1 change", { lost: true });
    expect(lines).toEqual([
      { level: "info", text: "Import Items: 100 rows checked" },
      { level: "warn", text: "1 change { lost: true }" },
    ]);
  });

  it("prints progress under the step only when verbose, warnings and errors always", () => {
    const lines: LoggedLine[] = [
      { level: "info", text: "Import Items: 1 rows checked, 1 to write." },
      { level: "debug", text: "PutItem" },
      { level: "warn", text: "a shard was trimmed" },
      { level: "error", text: "failed" },
    ];
    expect(logView(lines, false)).toEqual([
      "      warn: a shard was trimmed",
      "      error: failed",
    ]);
    expect(logView(lines, true)).toEqual([
      "      · Import Items: 1 rows checked, 1 to write.",
      "      · PutItem",
      "      warn: a shard was trimmed",
      "      error: failed",
    ]);
  });
});
