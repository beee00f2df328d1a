// The coordinator's side of the ledger: /hours pending, /hours approve
// <entry>|all, /hours decline <entry> [reason]. Entries are never deleted.
import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { idArgument } from "../../../core/id-argument.js";
import { type ChangeEffects, completing } from "../../change-effects.js";
import type { ApprovedAll, Decision } from "../hours.js";
import { auditHoursDecisions } from "../hours-audit.js";
import { formatHours } from "../hours-input.js";
import { cleanReason } from "../limits.js";
import type { TasksServices } from "../services.js";
import { entryLine } from "./hours-log.js";

export const APPROVE_ALL_HOURS_ACTION = "hours.approveAll";
const PENDING_SHOWN = 30;

export function hoursPendingSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.hoursPending",
    requires: "coordinator",
    max: 0,
    async run(ctx) {
      const community = ctx.requireCommunity();
      const { entries, total } = await s.hours.pending(community.id, PENDING_SHOWN);
      if (entries.length === 0) {
        await ctx.reply(ctx.t("tasks:hours.noPending"));
        return;
      }
      const lines = entries.map((e) => entryLine(e, ctx.t, ctx.locale, community.timezone, true));
      if (total > entries.length) lines.push(ctx.t("tasks:list.more", { count: total - entries.length }));
      await ctx.reply({
        title: ctx.t("tasks:hours.pendingTitle", { count: total }),
        text: lines.join("\n"),
        footer: ctx.t("tasks:hours.pendingFooter"),
        buttons: [
          [{ label: ctx.t("tasks:done.approveAll"), action: APPROVE_ALL_HOURS_ACTION, args: [], style: "primary" }],
        ],
      });
    },
  };
}

export function hoursApproveSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.hoursApprove",
    requires: "coordinator",
    min: 1,
    max: 1,
    params: [{ name: "entry", description: "tasks:options.entry" }],
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      if (args[0]!.toLowerCase() === "all") {
        await approveAll(ctx, s);
        return;
      }
      const id = idArgument(args[0]!, "tasks:hours.errors.badEntryId");
      const decision = await s.hours.approve(community.id, id, ctx.person.id, deciding(ctx, s, "approved"));
      await ctx.reply(decisionLine(ctx, decision, id, "approved"));
    },
  };
}

export function hoursDeclineSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.hoursDecline",
    requires: "coordinator",
    min: 1,
    max: 2,
    rest: true,
    params: [
      { name: "entry", description: "tasks:options.entry" },
      { name: "reason", description: "tasks:options.reason" },
    ],
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const id = idArgument(args[0]!, "tasks:hours.errors.badEntryId");
      const decision = await s.hours.decline(
        community.id,
        id,
        ctx.person.id,
        cleanReason(args[1]),
        deciding(ctx, s, "declined"),
      );
      await ctx.reply(decisionLine(ctx, decision, id, "declined"));
    },
  };
}

export function approveAllHoursAction(s: TasksServices): ActionSpec {
  return { name: APPROVE_ALL_HOURS_ACTION, requires: "coordinator", run: (ctx) => approveAll(ctx, s) };
}

async function approveAll(ctx: HandlerContext, s: TasksServices): Promise<void> {
  const community = ctx.requireCommunity();
  const { count, minutes } = await s.hours.approveAll(
    community.id,
    ctx.person.id,
    undefined,
    approvingAll(ctx, s, community.id),
  );
  const line =
    count === 0
      ? ctx.t("tasks:hours.noPending")
      : ctx.t("tasks:hours.approvedAll", { count, hours: formatHours(minutes, ctx.locale) });
  ctx.toast(line);
  if (ctx.event.kind === "action") await ctx.updateSource({ text: line });
}

/** The approvals' audit entries and the event's completion, in the approvals' transaction. */
export function approvingAll(ctx: HandlerContext, s: TasksServices, communityId: string): ChangeEffects<ApprovedAll> {
  return completing(ctx.completion, (tx, { approved }) =>
    auditHoursDecisions(
      s.deps.store.audit,
      { communityId, actorPersonId: ctx.person.id, status: "approved", entries: approved },
      tx,
    ),
  );
}

/**
 * A decision's audit entry and the event's completion, in its transaction.
 * "Already decided" or "no such entry" change nothing: the router finishes those.
 */
function deciding(ctx: HandlerContext, s: TasksServices, status: "approved" | "declined"): ChangeEffects<Decision> {
  const effects = completing<Decision>(ctx.completion, async (tx, decision) => {
    if (decision.kind !== "decided") return;
    await auditHoursDecisions(
      s.deps.store.audit,
      { communityId: decision.entry.communityId, actorPersonId: ctx.person.id, status, entries: [decision.entry] },
      tx,
    );
  });
  return async (tx, decision) => {
    if (decision.kind === "decided") await effects(tx, decision);
  };
}

function decisionLine(ctx: HandlerContext, decision: Decision, id: number, verb: "approved" | "declined"): string {
  if (decision.kind === "missing") throw new UserError("tasks:hours.errors.unknownEntry", { id });
  if (decision.kind === "already") {
    return ctx.t("tasks:hours.alreadyDecided", { id, status: ctx.t(`tasks:hours.status.${decision.status}`) });
  }
  return ctx.t(`tasks:hours.${verb}`, { id, hours: formatHours(decision.entry.minutes, ctx.locale) });
}
