// The public face of quick polls, for the composition root and tools.
export { type PollPlatform, type PollsDeps, type PollsModule, pollsModule } from "./feature.js";
export { POLL_LIMITS } from "./poll-options.js";
export { parseCloses } from "./poll-settings.js";
