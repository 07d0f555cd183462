/**
 * `errorCode(error)`, exported by the package, gives the catalogue code a failure carries, typed
 * as the union of the catalogue's codes: a code-native flow that branched on `(error as { code?:
 * string }).code` compiled with any misspelt code, and that branch never ran. It reads the code
 * by value, and gives undefined for anything that is no failure of the connector.
 */
import path from "node:path";
import { ConditionalCheckFailedException, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { createLocalActions } from "../../src/component/codeNative";
import { InputError } from "../../src/errors/inputError";
import { StepError } from "../../src/errors/stepError";
import component, { errorCode } from "../../src/index";
import { mockCustomersTable } from "../support/customersMock";
import { tableStepParams } from "../support/harness";
import { thrown } from "../support/outcome";
import { typeProblems } from "../support/typeCheck";

const ROOT = path.join(__dirname, "..", "..");
const CASES = path.join(ROOT, "test/types/errorCodes.cases.ts");
const dynamodb = mockCustomersTable();
const where = tableStepParams();

it("compiles a switch over the catalogue's codes and refuses a misspelt code", () => {
  const problems = typeProblems(CASES);
  expect(problems).toEqual([]);
});

it("gives an input error's code, from a call refused before anything is sent", async () => {
  const local = createLocalActions(component);
  const error = await thrown(() => local.getItem({ ...where, value: "1001", tableName: "" }));

  expect(error).toBeInstanceOf(InputError);
  expect(errorCode(error)).toBe("required");
  expect(dynamodb.calls()).toHaveLength(0);
});

it("gives the hint's code of an AWS failure", async () => {
  dynamodb
    .on(PutItemCommand)
    .rejects(new ConditionalCheckFailedException({ message: "failed", $metadata: {} }));
  const local = createLocalActions(component);
  const error = await thrown(() =>
    local.createItem({
      ...where,
      itemJson: { customerId: 1001, customerName: "Ada" },
      conditionExpression: "attribute_not_exists(customerId)",
    }),
  );

  expect((error as Error).name).toBe("ConditionalCheckFailedException");
  expect(errorCode(error)).toBe("conditionFailed");
});

it("gives a step error's code", () => {
  expect(errorCode(new StepError("waitTimedOut", "The table did not become ACTIVE."))).toBe(
    "waitTimedOut",
  );
});

it.each([
  ["a Node error's code", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
  ["an error without a code", new Error("no code")],
  ["a code that is no text", { code: 42 }],
  ["a string", "required"],
  ["null", null],
  ["undefined", undefined],
  [
    "an object whose code getter throws",
    Object.defineProperty({}, "code", {
      get: () => {
        throw new Error("no");
      },
    }),
  ],
])("gives undefined for %s", (_, error) => {
  expect(errorCode(error)).toBeUndefined();
});
