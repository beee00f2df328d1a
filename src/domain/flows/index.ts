export { type FlowsDeps, type FlowsModule, flowsModule } from "./feature.js";
export * from "./flow.js";
export { FLOW_EXPIRY_JOB, FLOW_TTL_MS } from "./flow-guide.js";
export { formTranslations } from "./form-translations.js";
export { type FlowStart, flowFor, GUIDED_COMMANDS, type GuidedCommand, guidedCommand } from "./guided-commands.js";
export { guidedForms } from "./guided-forms.js";
export { quotedArgument } from "./quoted-argument.js";
export { taskAddFlow } from "./task-add-flow.js";
