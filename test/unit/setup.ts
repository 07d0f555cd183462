import { quietSpectralLoggers } from "../support/quiet";

// Steps log their progress; tests print it only with DEBUG.
quietSpectralLoggers();
