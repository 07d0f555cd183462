/**
 * Test hooks (the package's `./testing` entry): the process-wide client settings and cache, so a
 * test can lower the timeouts and start from an empty cache. Flows never need them.
 */
export { clearClientCache, clientSettings, resetClientSettings } from "./aws/client";
