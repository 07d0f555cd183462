/**
 * Provisioned capacity given as two inputs (read and write units), as Update Table, the restores'
 * overrides and Create Global Secondary Index take it: both or neither (DynamoDB sets them
 * together), none with PAY_PER_REQUEST billing, both with PROVISIONED.
 */
import { fail } from "../errors/inputError";

export interface CapacityLabels {
  read: string;
  write: string;
  /** The billing mode input, where the action has one. */
  billing?: string;
}

/**
 * The capacity the two inputs give, or undefined when both are blank. `billingMode` is the billing
 * mode input's value (undefined when blank or absent); `neither` ends the half-given message.
 * Throws an InputError naming the inputs.
 */
export function capacityPair(
  read: number | undefined,
  write: number | undefined,
  labels: CapacityLabels,
  options: { billingMode?: string; neither?: string } = {},
): { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined {
  const { read: readLabel, write: writeLabel, billing } = labels;
  if ((read === undefined) !== (write === undefined)) {
    fail(
      readLabel,
      "conflict",
      `Give both ${readLabel} and ${writeLabel}, or neither. ${options.neither ?? "For example: 5 and 5."}`,
    );
  }
  const given = read !== undefined && write !== undefined;
  if (billing && options.billingMode === "PAY_PER_REQUEST" && given) {
    fail(
      readLabel,
      "conflict",
      `${readLabel} and ${writeLabel} must be blank when ${billing} is PAY_PER_REQUEST: on-demand tables have no provisioned capacity.`,
    );
  }
  if (billing && options.billingMode === "PROVISIONED" && !given) {
    fail(
      billing,
      "required",
      `${billing} PROVISIONED needs ${readLabel} and ${writeLabel}, such as 5 and 5.`,
    );
  }
  return given ? { ReadCapacityUnits: read, WriteCapacityUnits: write } : undefined;
}
