/**
 * The input layer: every rule about what an input may hold exists once, here, and every
 * violation is an InputError (label + stable code) raised before anything is sent.
 *
 * - inputError.ts      InputError, its codes, and `show`/`cut` for short echoes of user values
 * - limits.ts          DynamoDB's documented limits (sizes, lengths, depth, names)
 * - json.ts            the one JSON reader (lossless numbers, depth limit) and JSON array inputs
 * - keyValue.ts        the one key-value list reader (rows, objects, JSON text)
 * - scalars.ts         text, key values, booleans, whole numbers, choices, table and index names
 * - placeholders.ts    #name / :value placeholders, checked both ways against the expressions
 * - queryParameters.ts Query Parameters, merged into commands
 * - tableDefinition.ts Create Table's definition (attributes, key schema, indexes, tags)
 * - entries.ts         the entries of JSON list inputs (a transaction's Operations, Items to Get)
 * - batchTables.ts     the multi-table batch inputs (Keys by Table, Writes by Table)
 * - streams.ts         the Table Changes trigger's Start Position, Event Types and Max Records
 * - pipes.ts           the instant trigger's pipe: Pipe Role ARN, Start Position, batching
 * - labels.ts          labels several modules name in messages
 * - definitions.ts     the spectral input definitions that several actions share
 * - versioning.ts      Version Attribute and Expected Version (optimistic locking)
 */

export * from "../errors/inputError";
export * from "../values/json";
export * from "../values/keyValue";
export * from "../values/limits";
export * from "./alternatives";
export * from "./backups";
export * from "./batchTables";
export * from "./capacity";
export * from "./definitions";
export * from "./entries";
export * from "./exportFile";
export * from "./files";
export * from "./globalTables";
export * from "./importFile";
export * from "./indexes";
export * from "./items";
export * from "./kms";
export * from "./labels";
export * from "./partiql";
export * from "./pipes";
export * from "./placeholders";
export * from "./queries";
export * from "./queryParameters";
export * from "./s3Transfers";
export * from "./scalars";
export * from "./streams";
export * from "./tableDefinition";
export * from "./tables";
export * from "./tags";
export * from "./transactions";
export * from "./ttl";
export * from "./versioning";
