/**
 * The output types narrow on their flags (test/types/outputNarrowing.cases.ts): `if
 * (result.data.found) result.data.item.name` compiles for Get Item, and `if (!entry.succeeded)
 * entry.error.code` for Batch Execute Statements, as the docs show them. The types were
 * `{ found: boolean; item: ... | null }` and a union whose `succeeded` was `boolean` on both
 * sides, so the compiler refused both reads ("possibly null") and a flow needed a `!`.
 */
import path from "node:path";
import ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const CASES = path.join(ROOT, "test/types/outputNarrowing.cases.ts");

it("compiles: each read after its flag's check type-checks, each unchecked read is refused", () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const program = ts.createProgram([CASES], { ...config.options, noEmit: true });
  const problems = ts.getPreEmitDiagnostics(program, program.getSourceFile(CASES)).map((d) => {
    const line =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  expect(problems).toEqual([]);
});
