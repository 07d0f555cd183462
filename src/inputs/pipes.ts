/**
 * The instant trigger's inputs: the role its EventBridge pipe runs as, where the pipe starts in
 * the table's stream, and how the pipe batches. Limits are those of the EventBridge Pipes API
 * Reference (DynamoDB stream source parameters: BatchSize 1 to 10,000,
 * MaximumBatchingWindowInSeconds 0 to 300) and of IAM (role ARNs, API_AssumeRole).
 */
import { input } from "@prismatic-io/spectral";
import { printable } from "../common/text";
import { cut, InputError } from "../errors/inputError";
import { withComments } from "./definitions";
import { cleanInteger, cleanRequiredString } from "./scalars";
import { startPosition } from "./streams";

/** An IAM role's ARN: arn:PARTITION:iam::ACCOUNT:role/PATH/NAME (API_AssumeRole RoleArn). */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const PIPE_ROLE_LABEL = "Pipe Role ARN";
const ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/DynamoDBChangesPipe";

/** The role the pipe runs as; an InputError unless it is a role's ARN. */
export const pipeRoleArn = input({
  label: PIPE_ROLE_LABEL,
  type: "string",
  required: true,
  comments:
    "The IAM role the pipe runs as. It must trust pipes.amazonaws.com and allow dynamodb:DescribeStream, dynamodb:GetRecords, dynamodb:GetShardIterator and dynamodb:ListStreams on the table's stream, and events:InvokeApiDestination on the pipe's API destination. See the instant trigger guide.",
  example: ROLE_EXAMPLE,
  clean: (value: unknown): string => {
    const text = cleanRequiredString(PIPE_ROLE_LABEL, ROLE_EXAMPLE)(value);
    if (!ROLE_ARN_PATTERN.test(text)) {
      throw new InputError(
        PIPE_ROLE_LABEL,
        "invalidValue",
        `${PIPE_ROLE_LABEL} is "${printable(cut(text))}", not a role ARN. It looks like arn:aws:iam::123456789012:role/RoleName.`,
      );
    }
    return text;
  },
});

/** Start Position, as the pipe reads it: where a deploy that creates the pipe starts. */
export const pipeStartPosition = withComments(
  startPosition,
  "Where the pipe starts reading the table's stream when a deploy creates it: LATEST delivers only changes made after the pipe starts; TRIM_HORIZON starts with the oldest change the stream still holds (24 hours). A re-deploy keeps the pipe's place in the stream.",
);

/** The DynamoDB stream source's limits (EventBridge Pipes API reference). */
const MAX_BATCH_SIZE = 10_000;
const MAX_BATCHING_WINDOW_SECONDS = 300;

/** Pipes cannot batch to an API destination (Pipes batching and concurrency, batchable targets). */
const API_DESTINATION_BATCH_SIZE = 1;

/** Batch Size: 1, the only size Pipes sends to an API destination; more is an InputError. */
export const pipeBatchSize = input({
  label: "Batch Size",
  type: "string",
  required: false,
  default: "1",
  comments:
    "How many stream records the pipe sends in one request: 1. EventBridge Pipes does not batch to an API destination (the target this trigger sets up), so CreatePipe refuses more. For several changes per execution, raise the flow's batch size instead.",
  example: "1",
  clean: (value: unknown) => {
    const size = cleanInteger("Batch Size", 1, MAX_BATCH_SIZE)(value) ?? 1;
    if (size > API_DESTINATION_BATCH_SIZE) {
      throw new InputError(
        "Batch Size",
        "conflict",
        `Batch Size is ${size}, but EventBridge Pipes does not batch to an API destination (the target this trigger sets up), so the pipe would be refused: use 1. For several changes per execution, raise the flow's batch size instead.`,
      );
    }
    return size;
  },
});

/** Maximum Batching Window, in seconds (0 to 300). */
export const maximumBatchingWindow = input({
  label: "Maximum Batching Window",
  type: "string",
  required: false,
  default: "0",
  comments: `The most seconds the pipe waits to fill a batch before it sends one, from 0 to ${MAX_BATCHING_WINDOW_SECONDS}. 0 sends each change as soon as the pipe reads it.`,
  example: "0",
  clean: (value: unknown) =>
    cleanInteger("Maximum Batching Window", 0, MAX_BATCHING_WINDOW_SECONDS)(value) ?? 0,
});
