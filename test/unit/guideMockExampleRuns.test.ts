/**
 * The "Unit-testing a flow step with mocked AWS" example of docs/guides/code-and-tests.md, exactly
 * as printed: taken from the guide, type-checked with this project's strict compiler settings, then run. It is written
 * to .tmp/unit/, two levels below the root like test/unit/, so its `../../src/index` import means
 * what it means in a test file of this repository.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const GUIDE = "docs/guides/code-and-tests.md";
const SECTION = "## Unit-testing a flow step with mocked AWS";

function printedExample(): string {
  const guide = fs.readFileSync(path.join(ROOT, GUIDE), "utf8");
  const section = guide.split(SECTION)[1]?.split("\n## ")[0] ?? "";
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error(`${GUIDE}: no \`\`\`ts block under "${SECTION}"`);
  return code;
}

const example = printedExample();
const file = path.join(ROOT, ".tmp", "unit", `readmeExample-${process.pid}.ts`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, example);
afterAll(() => fs.rmSync(file, { force: true }));

it("type-checks as printed, under the project's strict settings", () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const program = ts.createProgram([file], { ...config.options, noEmit: true });
  const problems = ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(problems).toEqual([]);
  expect(example.startsWith("import ")).toBe(true);
});

describe("runs as printed", () => {
  require(file);
});
