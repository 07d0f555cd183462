/**
 * The TypeScript compiler's verdict on one file under the project's own tsconfig.json (strict):
 * for the tests that prove a type refuses what it must (`@ts-expect-error` lines) and accepts
 * what it must.
 */
import path from "node:path";
import ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The problems the compiler reports in `file` (an absolute path), as "line N: message"; empty
 * when it type-checks. Throws when tsconfig.json cannot be read.
 */
export function typeProblems(file: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const program = ts.createProgram([file], { ...config.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
    const line =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}
