// `/request task <number> --when "<time>" [--until "<time>"] [--slots N] [--where "<place>"]`:
// a coordinator turns a request into a volunteer shift. The shift's card is
// posted in the community's home chat, where volunteers are; run anywhere
// else (an officials' chat), the reply says where the card went. The request
// moves to "in progress" and its resident is told.
// When the shift is marked done, the request is fixed "by volunteers".

import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { integer, text } from "../../../core/flag-readers.js";
import {
  checkNote,
  checkPlace,
  checkSlots,
  checkTitle,
  parseEnd,
  parseStart,
  type TaskDraft,
  UNLIMITED_SLOTS,
} from "../../tasks/index.js";
import type { RequestsServices } from "../services.js";
import { findRequest } from "./shared.js";
import { requestParam } from "./suggestions.js";

export function taskSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.task",
    requires: "coordinator",
    min: 1,
    max: 1,
    params: [requestParam(s, { open: true })],
    flags: {
      when: { kind: "string", description: "requests:options.when" },
      until: { kind: "string", description: "requests:options.until" },
      slots: { kind: "int", description: "requests:options.slots" },
      where: { kind: "string", description: "requests:options.taskPlace" },
    },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      const request = await findRequest(ctx, s, args[0]!);
      const when = text(flags, "when");
      if (!when) throw new UserError("requests:errors.needWhen", { usage: ctx.t("requests:usage.task") });
      const times = { locale: ctx.locale, timezone: community.timezone, now: ctx.clock.now() };
      const startsAt = parseStart(when, times);
      const until = text(flags, "until");
      const where = text(flags, "where");
      const slots = integer(flags, "slots");
      const category = await s.repo.categories.byId(request.categoryId);
      const draft: TaskDraft = {
        title: checkTitle(`${request.number} ${category?.name ?? ""}`.slice(0, 120)),
        startsAt,
        endsAt: until === undefined ? undefined : parseEnd(until, startsAt, times),
        capacity: slots !== undefined ? checkSlots(slots) : UNLIMITED_SLOTS,
        place: where !== undefined ? checkPlace(where) : request.address ? checkPlace(request.address) : undefined,
        note: checkNote(request.description.slice(0, 1000)),
      };
      const result = await s.volunteers.takeOn(
        request,
        draft,
        { chatId: ctx.chat.id, personId: ctx.person.id },
        ctx.completion,
      );
      if (result.kind === "refused")
        throw new UserError(`requests:errors.task.${result.reason}`, { number: request.number });
      const about = { number: request.number, task: result.task.id };
      if (result.cardChatId === ctx.chat.id) {
        await ctx.reply(ctx.t("requests:handled.taskCreated", about));
      } else {
        const home = await s.deps.store.chats.find(result.cardChatId);
        const where = home?.title ?? community.name;
        await ctx.reply(ctx.t("requests:handled.taskCreatedElsewhere", { ...about, chat: where }));
      }
    },
  };
}
