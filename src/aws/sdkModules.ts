/**
 * The AWS SDK packages that only a few steps use (the instant trigger's EventBridge and Pipes,
 * the polling trigger's DynamoDB Streams, AWS Role ARN connections' STS), loaded on first use.
 *
 * Why: the bundle evaluates a package when it is first required, and these four are a large
 * share of a cold start's work although most steps never touch them (BENCHMARKS.md, cold load).
 * Each function returns the parts of its package that the connector uses (the module system
 * caches the package after the first call). The destructured `require` lets webpack leave the
 * package's other exports out of the bundle, as it does for a static import.
 */
import type * as DynamoDBStreams from "@aws-sdk/client-dynamodb-streams";
import type * as EventBridge from "@aws-sdk/client-eventbridge";
import type * as Pipes from "@aws-sdk/client-pipes";
import type * as CredentialProviders from "@aws-sdk/credential-providers";

/** The DynamoDB Streams client and the commands the polling trigger sends. */
export function streamsSdk(): Pick<
  typeof DynamoDBStreams,
  | "DynamoDBStreamsClient"
  | "DescribeStreamCommand"
  | "GetRecordsCommand"
  | "GetShardIteratorCommand"
> {
  const {
    DynamoDBStreamsClient,
    DescribeStreamCommand,
    GetRecordsCommand,
    GetShardIteratorCommand,
  }: typeof DynamoDBStreams = require("@aws-sdk/client-dynamodb-streams");
  return {
    DynamoDBStreamsClient,
    DescribeStreamCommand,
    GetRecordsCommand,
    GetShardIteratorCommand,
  };
}

/** The EventBridge client and the commands the instant trigger's setup sends. */
export function eventBridgeSdk(): Pick<
  typeof EventBridge,
  | "EventBridgeClient"
  | "CreateApiDestinationCommand"
  | "CreateConnectionCommand"
  | "DeleteApiDestinationCommand"
  | "DeleteConnectionCommand"
  | "UpdateApiDestinationCommand"
  | "UpdateConnectionCommand"
> {
  const {
    EventBridgeClient,
    CreateApiDestinationCommand,
    CreateConnectionCommand,
    DeleteApiDestinationCommand,
    DeleteConnectionCommand,
    UpdateApiDestinationCommand,
    UpdateConnectionCommand,
  }: typeof EventBridge = require("@aws-sdk/client-eventbridge");
  return {
    EventBridgeClient,
    CreateApiDestinationCommand,
    CreateConnectionCommand,
    DeleteApiDestinationCommand,
    DeleteConnectionCommand,
    UpdateApiDestinationCommand,
    UpdateConnectionCommand,
  };
}

/** The EventBridge Pipes client and the commands the instant trigger's setup sends. */
export function pipesSdk(): Pick<
  typeof Pipes,
  | "PipesClient"
  | "CreatePipeCommand"
  | "DeletePipeCommand"
  | "DescribePipeCommand"
  | "UpdatePipeCommand"
> {
  const {
    PipesClient,
    CreatePipeCommand,
    DeletePipeCommand,
    DescribePipeCommand,
    UpdatePipeCommand,
  }: typeof Pipes = require("@aws-sdk/client-pipes");
  return {
    PipesClient,
    CreatePipeCommand,
    DeletePipeCommand,
    DescribePipeCommand,
    UpdatePipeCommand,
  };
}

/** STS's assumed-role credential provider of AWS Role ARN connections. */
export function credentialProvidersSdk(): Pick<
  typeof CredentialProviders,
  "fromTemporaryCredentials"
> {
  const {
    fromTemporaryCredentials,
  }: typeof CredentialProviders = require("@aws-sdk/credential-providers");
  return { fromTemporaryCredentials };
}
