// The ES module entry of the test hooks: the CommonJS build's (one copy of the client cache).
import cjs from "../build/package/cjs/testing.js";

export const { clearClientCache, clientSettings, pipeSetupSettings, resetClientSettings } = cjs;
