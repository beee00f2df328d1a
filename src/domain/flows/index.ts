export * from "./flow.js";
export { quotedArgument } from "./quoted-argument.js";
export { taskAddFlow } from "./task-add-flow.js";
