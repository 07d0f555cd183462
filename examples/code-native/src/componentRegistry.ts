import { manifest as awsDynamodb } from "@dynamodb-connector/aws-dynamodb";
import { componentManifests } from "@prismatic-io/spectral";

/** The components this integration calls; `context.components.awsDynamodb` in flows. */
export const componentRegistry = componentManifests({ awsDynamodb });
