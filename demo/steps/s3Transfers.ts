import type { DemoSection } from "../demo";

/** The export and import actions: DynamoDB Local has none of their operations. */
const NEED_AWS = [
  "Export Table to S3",
  "Describe Export",
  "List Exports",
  "Import Table from S3",
  "Describe Import",
  "List Imports",
  "Select Export",
];

const isUnsupported = (error: unknown) =>
  error instanceof Error && /UnknownOperationException/.test(error.message);

/**
 * Exports to and imports from S3 are done by DynamoDB itself, in AWS: on DynamoDB Local the demo
 * says so (they are tested against a loopback fake); on AWS it lists the exports and imports of
 * the region, which changes nothing (an export or import would need a bucket of yours).
 */
const section: DemoSection = async (demo) => {
  const listed = await demo.action("listExports", {}).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if ("error" in listed && isUnsupported(listed.error)) {
    console.log(
      `      DynamoDB Local has no exports to or imports from S3, so these need AWS and are not run here (tested against a loopback fake): ${NEED_AWS.join(", ")}.`,
    );
    return;
  }
  if ("error" in listed) throw listed.error;
  await demo.step("List Exports of the region", async () => listed.result);
  await demo.step("List Imports of the region", () => demo.action("listImports", {}));
};

export default section;
