/**
 * The component the bundle builds when it loads (dist/index.js, with the build's stand-ins for
 * spectral's lodash helpers and without spectral's util) is the one the source builds through
 * spectral's own code: every action, trigger, data source and connection, every field of every
 * input, in the same order. Functions are compared by where they are, not by their code.
 */
import awsDynamodb from "../../src/index";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";

/** The component's data as JSON text, each function written as "[function]". */
function dataOf(component: unknown): unknown {
  const seen = new WeakSet<object>();
  return JSON.parse(
    JSON.stringify(component, (_key, value: unknown) => {
      if (typeof value === "function") return "[function]";
      if (typeof value === "object" && value !== null) {
        if (seen.has(value)) return "[seen before]";
        seen.add(value);
      }
      return value;
    }),
  );
}

beforeAll(() => ensureFreshBundle());

it.each(["actions", "triggers", "dataSources", "connections"] as const)(
  "the bundle's %s are the source's, field by field",
  (part) => {
    // The platform loads the bundle with require, as this does.
    const bundled = require(BUNDLE_PATH).default;
    const fromBundle = dataOf(bundled[part]);
    const fromSource = dataOf(awsDynamodb[part]);
    expect(Object.keys(fromBundle as object).length).toBeGreaterThan(0);
    expect(fromBundle).toEqual(fromSource);
    expect(JSON.stringify(fromBundle)).toBe(JSON.stringify(fromSource));
  },
);
