import path from "node:path";

/**
 * node's arguments that let a child process run TypeScript (`node ...TYPESCRIPT_CHILD child.ts`):
 * the project's cached transpiler (transpileCached.js), so that each child after a run's first
 * does not transpile the sources again.
 */
export const TYPESCRIPT_CHILD = ["-r", path.join(__dirname, "transpileCached.js")];
