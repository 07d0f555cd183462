/**
 * The output types narrow on their flags (test/types/outputNarrowing.cases.ts): `if
 * (result.data.found) result.data.item.name` compiles for Get Item, and `if (!entry.succeeded)
 * entry.error.code` for Batch Execute Statements, as the docs show them. The types were
 * `{ found: boolean; item: ... | null }` and a union whose `succeeded` was `boolean` on both
 * sides, so the compiler refused both reads ("possibly null") and a flow needed a `!`.
 */
import path from "node:path";
import { typeProblems } from "../support/typeCheck";

const ROOT = path.join(__dirname, "..", "..");
const CASES = path.join(ROOT, "test/types/outputNarrowing.cases.ts");

it("compiles: each read after its flag's check type-checks, each unchecked read is refused", () => {
  const problems = typeProblems(CASES);
  expect(problems).toEqual([]);
});
