/**
 * The bundle's rewrite of spectral's action wrapper (tools/webpack/spectralPerform.js, applied by
 * webpack.config.js) behaves as spectral's own code: both versions of serverTypes/perform.js are
 * loaded side by side and given the same inputs.
 */
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";

const { rewritePerform } = require("../../tools/webpack/spectralPerform") as {
  rewritePerform: (source: string) => string;
};

const PERFORM_FILE = require.resolve("@prismatic-io/spectral/dist/serverTypes/perform.js");
const ORIGINAL_SOURCE = fs.readFileSync(PERFORM_FILE, "utf8");

type Cleaners = Record<string, (value: unknown) => unknown>;
interface PerformModule {
  cleanParams: (params: Record<string, unknown>, cleaners: Cleaners) => Record<string, unknown>;
  createPerform: (
    perform: (...args: unknown[]) => Promise<unknown>,
    options: { inputCleaners: Cleaners; errorHandler?: (error: unknown) => unknown },
  ) => (...args: unknown[]) => Promise<unknown>;
}

/** Loads `source` as spectral's perform.js (its own requires resolve from spectral's folder). */
function load(source: string): PerformModule {
  const loaded = new Module(PERFORM_FILE, module) as Module & {
    _compile: (code: string, file: string) => void;
  };
  loaded.filename = PERFORM_FILE;
  loaded.paths = module.paths.concat(path.dirname(PERFORM_FILE));
  loaded._compile(source, PERFORM_FILE);
  return loaded.exports as PerformModule;
}

const original = load(ORIGINAL_SOURCE);
const rewritten = load(rewritePerform(ORIGINAL_SOURCE));

/** A small deterministic random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const NAMES = [
  "a",
  "b",
  "tableName",
  "awsRegion",
  "value",
  "rangeKeyValue",
  "x1",
  "x2",
  "toString",
];

/** Random params and cleaners over NAMES; each cleaner records its calls into `calls`. */
function randomCase(next: () => number, calls: string[]) {
  const params: Record<string, unknown> = {};
  const cleaners: Cleaners = {};
  for (const name of NAMES) {
    if (next() < 0.6) params[name] = next() < 0.5 ? String(next()) : { n: next() };
    if (next() < 0.6 && name !== "toString") {
      cleaners[name] = (value) => {
        calls.push(name);
        return value === undefined ? `default-${name}` : [value];
      };
    }
  }
  return { params, cleaners };
}

describe("spectral's cleanParams, rewritten linearly", () => {
  it("gives the same keys in the same order, the same values and the same cleaner calls", () => {
    for (let round = 0; round < 500; round++) {
      const originalCalls: string[] = [];
      const rewrittenCalls: string[] = [];
      const first = randomCase(random(round), originalCalls);
      const second = randomCase(random(round), rewrittenCalls);
      const expected = original.cleanParams(first.params, first.cleaners);
      const actual = rewritten.cleanParams(second.params, second.cleaners);
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
      expect(actual).toEqual(expected);
      expect(rewrittenCalls).toEqual(originalCalls);
    }
  });

  it("cleans an input that the params lack, and leaves the params untouched", () => {
    const params = { given: "1" };
    const cleaners: Cleaners = { missing: (value) => value ?? "filled", given: Number };
    expect(rewritten.cleanParams(params, cleaners)).toEqual({ given: 1, missing: "filled" });
    expect(params).toEqual({ given: "1" });
  });
});

describe("spectral's createPerform, as a native async function", () => {
  const inputCleaners: Cleaners = { count: Number };

  it("passes the same context and cleaned params, and resolves to the same result", async () => {
    const seen: unknown[][] = [];
    const perform = async (...args: unknown[]) => {
      seen.push(args);
      return { data: args.length };
    };
    const context = { logger: { metric: jest.fn() }, globalDebug: false, stepId: "s" };
    for (const version of [original, rewritten]) {
      const wrapped = version.createPerform(perform, { inputCleaners });
      await expect(wrapped({ count: "2" })).resolves.toEqual({ data: 1 });
      await expect(wrapped(context, { count: "3" })).resolves.toEqual({ data: 2 });
      await expect(wrapped(context, { body: 1 }, { count: "4" })).resolves.toEqual({ data: 3 });
    }
    const [first, second] = [seen.slice(0, 3), seen.slice(3)];
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const actionContext = second[1][0] as { debug: { enabled: boolean }; invokeFlow: unknown };
    expect(actionContext.debug.enabled).toBe(false);
    expect(typeof actionContext.invokeFlow).toBe("function");
  });

  it("copies the context as spectral does: the same keys in the same order, each getter run once", async () => {
    const copies: { keys: string[]; reads: number; debugIsSpectral: boolean }[] = [];
    for (const version of [original, rewritten]) {
      let reads = 0;
      const context = {
        stepId: "s",
        debug: "the platform's",
        get token() {
          reads += 1;
          return "t";
        },
        globalDebug: false,
      };
      let seen: Record<string, unknown> = {};
      const wrapped = version.createPerform(
        async (actionContext: unknown) => {
          seen = actionContext as Record<string, unknown>;
          return { data: null };
        },
        { inputCleaners },
      );
      await wrapped(context, {});
      const debugIsSpectral = typeof seen.debug === "object";
      copies.push({ keys: Object.keys(seen), reads, debugIsSpectral });
    }
    expect(copies[1]).toEqual(copies[0]);
    expect(copies[1]).toEqual({
      keys: ["stepId", "debug", "token", "globalDebug", "invokeFlow"],
      reads: 1,
      debugIsSpectral: true,
    });
  });

  it("logs the debug results when debug is on, and passes failures through the error handler", async () => {
    for (const version of [original, rewritten]) {
      const metric = jest.fn();
      const ok = version.createPerform(async () => ({ data: 1 }), { inputCleaners });
      await ok({ logger: { metric }, globalDebug: true }, {});
      expect(metric).toHaveBeenCalledTimes(1);
      const failing = version.createPerform(
        async () => {
          throw new Error("boom");
        },
        { inputCleaners, errorHandler: async (error) => new Error(`handled: ${error}`) },
      );
      await expect(failing({}, {})).rejects.toThrow("handled: Error: boom");
    }
  });
});

it("refuses to build when spectral's perform.js is not the text the rewrite was checked against", () => {
  const changed = ORIGINAL_SOURCE.replace(
    "const keys = (0, uniq_1.default)",
    "const keys = (0, x)",
  );
  expect(() => rewritePerform(changed)).toThrow("no longer holds the cleanParams");
  expect(() => rewritePerform(ORIGINAL_SOURCE.replace(/function\* \(\) \{\n {8}try/, "x"))).toThrow(
    "no longer holds the createPerform",
  );
});
