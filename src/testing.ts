/**
 * Test hooks (the package's `./testing` entry): the process-wide client settings and cache, so a
 * test can lower the timeouts and start from an empty cache. Flows never need them.
 */
export { clearClientCache, clientSettings, resetClientSettings } from "./aws/client";
/** The instant trigger's handler budget and pipe-state wait (tests lower the wait). */
export { pipeSetupSettings } from "./engines/pipeSetup";
