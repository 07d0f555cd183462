/**
 * The built bundle (dist/index.js, what the platform loads) has the component surface locked in
 * contract/surface.json: minification and bundling change no key, label, default or input order.
 * The source is held to the same file in test/unit/componentSurface.test.ts.
 */

import {
  lockedSurface,
  surfaceDifferences,
  surfaceMismatchMessage,
  surfaceOf,
} from "../../tools/contract/surface";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";

describe("the built bundle's component surface", () => {
  it("is the one locked in contract/surface.json", () => {
    ensureFreshBundle();
    // The platform loads the bundle with require, as this does.
    const bundled = require(BUNDLE_PATH).default;
    expect(Object.keys(bundled.actions).length).toBeGreaterThan(0);
    const lines = surfaceDifferences(lockedSurface(), surfaceOf(bundled));
    if (lines.length > 0) {
      throw new Error(surfaceMismatchMessage("The component of dist/index.js", lines));
    }
  });
});
