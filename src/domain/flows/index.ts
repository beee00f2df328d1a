export { type FlowsDeps, type FlowsModule, flowsModule } from "./feature.js";
export * from "./flow.js";
export { FLOW_EXPIRY_JOB, FLOW_TTL_MS } from "./flow-guide.js";
export { type FlowStart, flowFor, GUIDED_COMMANDS, type GuidedCommand, guidedCommand } from "./guided-commands.js";
export { quotedArgument } from "./quoted-argument.js";
export { taskAddFlow } from "./task-add-flow.js";
