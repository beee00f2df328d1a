// Guided flows as a feature module: /cancel, the flow buttons, the expiry
// job, and the guide the router asks before a command runs (app.ts hands it
// over with router.guideWith).

import type { Clock } from "../../core/clock.js";
import type { ActionSpec, CommandSpec } from "../../core/commands.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import type { Store } from "../../storage/store.js";
import { type FeatureModule, jobDefinition } from "../feature-module.js";
import { GUIDED_START_ACTION } from "../guided-start.js";
import type { Notifier } from "../notifications/notifier.js";
import { flowExpiryJob } from "./expiry.js";
import { type ChoiceList, type CommandLines, FLOW_EXPIRY_JOB, FlowGuide, type PreviewButtons } from "./flow-guide.js";
import { FLOW_ACTIONS } from "./flow-messages.js";
import { flowsTranslations } from "./translations.js";

export interface FlowsDeps {
  store: Store;
  outbox: Outbox;
  jobs: JobQueue;
  notifier: Notifier;
  clock: Clock;
  /** The router, which runs a finished flow's command line. */
  commands: () => CommandLines;
  /** Choices communities supply, by FlowStep.choicesFrom (the request categories). */
  choiceLists?: Readonly<Record<string, ChoiceList>>;
  /** A feature's own buttons on a flow's preview, by flow name (the request's "📍 Nearby"). */
  previewButtons?: Readonly<Record<string, PreviewButtons>>;
}

export interface FlowsModule extends FeatureModule {
  guide: FlowGuide;
}

export function flowsModule(deps: FlowsDeps): FlowsModule {
  const guide = new FlowGuide(deps);
  const cancel: CommandSpec = {
    name: "cancel",
    summary: "flows:cancel.summary",
    fallback: { usage: "flows:cancel.usage", max: 0, run: (ctx) => guide.cancel(ctx) },
  };
  const actions: ActionSpec[] = [
    { name: FLOW_ACTIONS.answer, run: (ctx, args) => guide.pressAnswer(ctx, args) },
    { name: FLOW_ACTIONS.skip, run: (ctx, args) => guide.pressSkip(ctx, args) },
    { name: FLOW_ACTIONS.cancel, run: (ctx, args) => guide.cancel(ctx, args[0] ?? "") },
    { name: FLOW_ACTIONS.create, run: (ctx, args) => guide.create(ctx, args) },
    { name: FLOW_ACTIONS.edit, run: (ctx, args) => guide.edit(ctx, args) },
    { name: FLOW_ACTIONS.change, run: (ctx, args) => guide.change(ctx, args) },
    { name: GUIDED_START_ACTION, run: (ctx, args) => guide.startFromButton(ctx, args) },
  ];
  return {
    name: "flows",
    translations: flowsTranslations,
    commands: [cancel],
    actions,
    jobs: [jobDefinition(FLOW_EXPIRY_JOB, flowExpiryJob(deps))],
    guide,
    person: {
      // A flow in progress is a moment's work: the dropped person's are put away, not merged.
      merge: async (tx, _keepId, dropId) => {
        await tx.guidedFlow.deleteMany({ where: { personId: dropId } });
      },
      // Flows in progress are exported and erased with the person's own rows (privacy/people-part.ts).
      data: { tables: [], export: async () => ({}), erase: async () => {} },
    },
  };
}
