/**
 * The README's table of the package's imports names every value each entry exports: a hook or
 * function added to the package without a line there is one no user finds (the /testing entry's
 * pipeSetupSettings was missing).
 */
import fs from "node:fs";
import path from "node:path";
import * as main from "../../src/index";
import * as testing from "../../src/testing";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
const IMPORTS = README.split("| Import | What it is |")[1]?.split("\n\n")[0] ?? "";

it("finds the README's table of imports", () => {
  expect(IMPORTS).toContain("`@dynamodb-connector/aws-dynamodb/testing`");
});

it.each([
  ...Object.keys(main)
    .filter((name) => name !== "default")
    .map((name) => ["main", name]),
  ...Object.keys(testing).map((name) => ["testing", name]),
])("names the %s entry's export %s", (_, name) => {
  expect(IMPORTS).toContain(`\`${name}`);
});
