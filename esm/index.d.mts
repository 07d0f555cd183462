// Types of esm/index.mjs: the CommonJS build's, with its component as the default export.
import type { AwsDynamodbComponent } from "../build/package/cjs/index.js";

export * from "../build/package/cjs/index.js";

declare const awsDynamodb: AwsDynamodbComponent;
export default awsDynamodb;
