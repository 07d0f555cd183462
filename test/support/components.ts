/**
 * The component as the tests run it: from the source (through ts-jest) and from the built bundle
 * dist/index.js (the file the platform loads). Each comes with its own client settings and cache,
 * since the bundle carries its own copy of src/aws/client.ts.
 */
import { testing } from "@prismatic-io/spectral";
import * as client from "../../src/aws/client";
import { clearKeySchemaCache } from "../../src/engines/keySchema";
import source from "../../src/index";
import { BUNDLE_PATH, ensureFreshBundle } from "./bundle";

export interface ComponentUnderTest {
  name: "source" | "bundle";
  harness: ReturnType<typeof testing.createHarness>;
  /** The timeouts of clients built from now on (ms). */
  clientSettings: {
    connectionTimeoutMs: number;
    requestTimeoutMs: number;
    maxAnswerBytes: number;
    /** The test hook for the STS endpoint of AWS Role ARN connections. */
    stsEndpoint?: string;
  };
  resetClientSettings: () => void;
  /** Drops cached clients (and, for the source, cached key schemas). */
  resetCaches: () => void;
  /** Drops cached clients only: the next client gets the current settings, key schemas stay. */
  dropClients: () => void;
}

const fromSource: ComponentUnderTest = {
  name: "source",
  harness: testing.createHarness(source),
  clientSettings: client.clientSettings,
  resetClientSettings: client.resetClientSettings,
  resetCaches: () => {
    client.clearClientCache();
    clearKeySchemaCache();
  },
  dropClients: client.clearClientCache,
};

let fromBundle: ComponentUnderTest | undefined;

/** The bundle, built first if it is stale (globalSetup normally did it already). */
export function bundled(): ComponentUnderTest {
  if (fromBundle) return fromBundle;
  ensureFreshBundle();
  const loaded = require(BUNDLE_PATH) as {
    default: Parameters<typeof testing.createHarness>[0];
    clientSettings: ComponentUnderTest["clientSettings"];
    resetClientSettings: () => void;
    clearClientCache: () => void;
  };
  fromBundle = {
    name: "bundle",
    harness: testing.createHarness(loaded.default),
    clientSettings: loaded.clientSettings,
    resetClientSettings: loaded.resetClientSettings,
    resetCaches: loaded.clearClientCache,
    dropClients: loaded.clearClientCache,
  };
  return fromBundle;
}

/** For describe.each: the source and the bundle, each under its name. */
export function componentsUnderTest(): [string, () => ComponentUnderTest][] {
  return [
    ["source", () => fromSource],
    ["bundle", bundled],
  ];
}

/** Points both components' STS clients at `endpoint` (a fake STS), or back at AWS (undefined). */
export function useStsEndpoint(endpoint: string | undefined): void {
  for (const [, load] of componentsUnderTest()) load().clientSettings.stsEndpoint = endpoint;
}
