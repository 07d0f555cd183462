/**
 * Child process of test/integration/clientConfigurationCopiedFast.test.ts, started with
 * `--allow-natives-syntax`: runs Get Item `calls` times with each of `inputSets` through the
 * component at `componentPath` (src/index.ts or the bundle) against DynamoDB Local, and prints one
 * JSON line: for each AWS SDK client configuration built meanwhile, whether V8 holds it in fast mode.
 * A configuration is recognised as the SDK builds it: the object whose `credentials` property the
 * SDK redefines as an accessor (the bundle's SDK copy too, since it calls the same global).
 *
 * Arguments: the component's path, then a JSON of { inputSets, calls }.
 */
import { testing } from "@prismatic-io/spectral";

const [componentPath, argumentsJson] = process.argv.slice(2);
const { inputSets, calls } = JSON.parse(argumentsJson) as {
  inputSets: Record<string, unknown>[];
  calls: number;
};

const configurations: object[] = [];
const defineProperty = Object.defineProperty;
Object.defineProperty = <T>(target: T, key: PropertyKey, attributes: PropertyDescriptor) => {
  if (key === "credentials" && typeof attributes.get === "function") {
    configurations.push(target as object);
  }
  return defineProperty(target, key, attributes);
};
// Parsed here, not with the file: only a process started with --allow-natives-syntax knows it.
const hasFastProperties = new Function("target", "return %HasFastProperties(target)") as (
  target: object,
) => boolean;

async function main(): Promise<void> {
  const loaded = require(componentPath) as { default?: unknown };
  const component = (loaded.default ?? loaded) as Parameters<typeof testing.createHarness>[0];
  const harness = testing.createHarness(component);
  for (const inputs of inputSets) {
    for (let call = 0; call < calls; call++) await harness.action("getItem", inputs);
  }
  const fast = configurations.map((configuration) => hasFastProperties(configuration));
  process.stdout.write(`${JSON.stringify({ fast })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  },
);
