// The public face of quick polls, for the composition root and tools.
export { type PollPlatform, type PollsDeps, type PollsModule, pollsModule } from "./feature.js";
export { parseCloses } from "./poll-settings.js";
