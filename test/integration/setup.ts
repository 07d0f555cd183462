import { quietSpectralLoggers } from "../support/quiet";

// Jest ignores `testTimeout` inside a project entry, so the integration project sets it here.
// Table operations against the engine are slower than mocks, and a cold JVM is slower still.
jest.setTimeout(120_000);
// Steps log their progress; tests print it only with DEBUG.
quietSpectralLoggers();
