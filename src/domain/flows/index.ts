export * from "./flow.js";
export { formTranslations } from "./form-translations.js";
export { guidedForms } from "./guided-forms.js";
export { quotedArgument } from "./quoted-argument.js";
export { taskAddFlow } from "./task-add-flow.js";
