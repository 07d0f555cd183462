// Imports the package by its name, as an ESM consumer does (Node resolves the package's own name
// from inside it through "exports"), and prints what it got, for test/integration/package.test.ts.
import component, * as everything from "@dynamodb-connector/aws-dynamodb";
import { localActions, manifest } from "@dynamodb-connector/aws-dynamodb";

process.stdout.write(
  JSON.stringify({
    names: Object.keys(everything).sort(),
    componentKey: component?.key,
    manifestKey: manifest?.key,
    localActionKeys: Object.keys(localActions ?? {}).length,
  }),
);
