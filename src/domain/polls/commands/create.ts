// /poll "Question?" "A" "B" [...] --flags : anyone in a community chat asks a
// quick question; the reply is the poll card. Posting in every chat and
// turning the result into a shift are a coordinator's announcements.
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { flag, integer, text } from "../../../core/flag-readers.js";
import { completing } from "../../change-effects.js";
import { formatWhen } from "../../time/format-when.js";
import { CLOSE_JOB, type ClosePayload, closeKey } from "../closing.js";
import { OPEN_JOB, type OpenPayload, openKey } from "../opening.js";
import { checkPollText, POLL_LIMITS } from "../poll-options.js";
import {
  checkMaxChoices,
  nativeRefusal,
  parseAddOptions,
  parseCloses,
  parseOpens,
  parseWho,
} from "../poll-settings.js";
import type { PollsServices } from "../services.js";
import { checkShiftsAfterClose, encodePlan, planShift } from "../shift-plan.js";

export function createSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.create",
    description: "polls:options.create",
    // `/poll "Q?" "A" "B"` has no word of its own; typed platforms call it "create".
    name: "create",
    params: [
      { name: "question", description: "polls:options.question", required: 1 },
      { name: "option", description: "polls:options.option", repeat: POLL_LIMITS.options.max, required: 2 },
    ],
    flags: {
      multi: { kind: "boolean", description: "polls:options.multi" },
      max: { kind: "int", description: "polls:options.max" },
      anonymous: { kind: "boolean", description: "polls:options.anonymous" },
      hidden: { kind: "boolean", description: "polls:options.hidden" },
      live: { kind: "boolean", description: "polls:options.live" },
      closes: { kind: "string", description: "polls:options.closes" },
      everywhere: { kind: "boolean", description: "polls:options.everywhere" },
      who: { kind: "string", description: "polls:options.who", choices: ["members", "coordinators"] },
      native: { kind: "boolean", description: "polls:options.native" },
      "then-task": { kind: "string", description: "polls:options.thenTask" },
      slots: { kind: "int", description: "polls:options.slots" },
      "add-options": { kind: "string", description: "polls:options.addOptions", choices: ["open", "moderated"] },
      opens: { kind: "string", description: "polls:options.opens" },
    },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      if (args.length === 0) throw new UserError("polls:errors.needQuestion");
      const { question, options } = checkPollText(args);
      const everywhere = flag(flags, "everywhere");
      const thenTask = text(flags, "then-task");
      const slots = integer(flags, "slots");
      if (slots !== undefined && thenTask === undefined) throw new UserError("polls:errors.slotsWithoutTask");
      // Both speak for the community: a copy in every chat, a shift in its calendar.
      if (everywhere || thenTask !== undefined) ctx.require("coordinator");
      const who = parseWho(text(flags, "who"));
      const multi = flag(flags, "multi");
      const maxChoices = checkMaxChoices(integer(flags, "max"), multi, options.length);
      const now = ctx.clock.now();
      const times = { locale: ctx.locale, timezone: community.timezone, now };
      const opensRaw = text(flags, "opens");
      const opensAt = opensRaw === undefined ? undefined : parseOpens(opensRaw, times);
      const closesRaw = text(flags, "closes");
      // A length ("2h") runs from the opening: that is when people can start to vote.
      const closesAt = closesRaw === undefined ? undefined : parseCloses(closesRaw, { ...times, now: opensAt ?? now });
      const plan = thenTask === undefined ? undefined : planShift(thenTask, slots, options, times);
      if (plan && closesAt) checkShiftsAfterClose(plan, options, closesAt);
      const addOptions = parseAddOptions(text(flags, "add-options"));
      // Every option of a poll to shift is a time of the shift, planned when it is made.
      if (addOptions && plan) throw new UserError("polls:errors.addOptionsWithTask");

      const anonymous = flag(flags, "anonymous");
      // Counts that move as people vote tell whoever watches (or reads the
      // outbox) how each vote went: an anonymous poll shows them only when
      // its creator asks, with --live.
      const hidden = flag(flags, "hidden") || (anonymous && !flag(flags, "live"));
      const wantNative = flag(flags, "native");
      const refusal = wantNative
        ? nativeRefusal(
            { anonymous, hidden, who, maxChoices, closesAt, addOptions, scheduled: opensAt !== undefined },
            s.posting.nativeSupport(ctx.chat.platform),
            now,
          )
        : undefined;
      await s.floods.enforce("polls", { key: ctx.person.id, communityId: community.id }, now, "polls:limits.tooMany");
      const poll = await s.polls.create(
        {
          communityId: community.id,
          question,
          options,
          multi,
          maxChoices,
          anonymous,
          hidden,
          everywhere,
          native: wantNative && !refusal,
          who,
          closesAt,
          opensAt,
          thenTask: plan ? encodePlan(plan) : undefined,
          addOptions,
          createdByPersonId: ctx.person.id,
          originChatId: ctx.chat.id,
        },
        // Its close job and audit entry commit with the poll and the event's completion.
        completing(ctx.completion, async (tx, poll) => {
          // A scheduled poll's close job is written when it opens (opening.ts).
          if (opensAt) {
            await s.deps.jobs.schedule(OPEN_JOB, opensAt, { pollId: poll.id } satisfies OpenPayload, {
              dedupeKey: openKey(poll.id),
              tx,
            });
          } else if (closesAt) {
            await s.deps.jobs.schedule(CLOSE_JOB, closesAt, { pollId: poll.id } satisfies ClosePayload, {
              dedupeKey: closeKey(poll.id),
              tx,
            });
          }
          await s.deps.store.audit.record(
            {
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "poll.create",
              subject: `poll:${poll.id}`,
              detail: {
                everywhere,
                anonymous,
                hidden,
                multi: poll.multi,
                maxChoices: maxChoices ?? null,
                who,
                addOptions: addOptions ?? null,
                opensAt: opensAt?.toISOString() ?? null,
              },
            },
            tx,
          );
        }),
      );

      // Said before the card, so that nobody expects what the platform's own poll would have been.
      if (refusal) await ctx.reply(ctx.t(`polls:native.${refusal}`));
      if (opensAt) {
        const when = formatWhen(opensAt, ctx.locale, community.timezone, now);
        await ctx.reply(
          ctx.t(everywhere ? "polls:scheduled.everywhere" : "polls:scheduled.here", { id: poll.id, when }),
        );
        return;
      }
      await s.posting.postHere(ctx, poll, wantNative && !refusal);
      if (everywhere) {
        // Per chat, native where that platform has native polls and the poll allows it.
        const nativeElsewhere =
          wantNative &&
          nativeRefusal({ anonymous, hidden, who, maxChoices, addOptions }, { native: true }, now) === undefined;
        const copies = await s.posting.postEverywhere(poll, nativeElsewhere);
        await ctx.reply(ctx.t("polls:created.everywhere", { count: copies, id: poll.id }));
      }
      await s.posting.settle(poll.id);
    },
  };
}
