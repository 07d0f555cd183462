import { quietSpectralLoggers } from "../support/quiet";

// Steps log their progress; tests print it only with DEBUG.
quietSpectralLoggers();

// Jest's default of 5 s is a load test on a shared 2-core machine (beside DynamoDB Local's Java
// engine): a file's first test also pays for compiling what it loads, and paging's property test
// measured 5.0 s there. A test that hangs still fails, after 30 s.
jest.setTimeout(30_000);
