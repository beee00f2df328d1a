// /task add <title> --when … [--roles "driver:2, sorter:4"]: a coordinator
// posts a shift; the reply is its card with Join (one per role), Maybe and
// Leave buttons.
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { integer, text } from "../../../core/flag-readers.js";
import { completing } from "../../change-effects.js";
import { checkNote, checkPlace, checkSlots, checkTitle, UNLIMITED_SLOTS } from "../limits.js";
import { buildRecurrence } from "../recurrence.js";
import { parseRoles, totalCapacity } from "../roles.js";
import type { TasksServices } from "../services.js";
import type { TaskDraft } from "../task-service.js";
import { parseCutoff, parseEnd, parseStart } from "../task-times.js";
import { replyWithCard, timeContext } from "./shared.js";

export function addSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.add",
    requires: "coordinator",
    min: 1,
    max: 1,
    rest: true,
    params: [{ name: "title", description: "tasks:options.title" }],
    flags: {
      when: { kind: "string", description: "tasks:options.when" },
      until: { kind: "string", description: "tasks:options.until" },
      slots: { kind: "int", description: "tasks:options.slots" },
      where: { kind: "string", description: "tasks:options.where" },
      repeat: { kind: "string", description: "tasks:options.repeat" },
      note: { kind: "string", description: "tasks:options.note" },
      cutoff: { kind: "string", description: "tasks:options.cutoff" },
      roles: { kind: "string", description: "tasks:options.roles" },
    },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      const when = text(flags, "when");
      if (!when) throw new UserError("tasks:errors.needWhen", { usage: ctx.t("tasks:usage.add") });
      const title = checkTitle(args[0]!);
      const times = timeContext(ctx);
      const startsAt = parseStart(when, times);
      const until = text(flags, "until");
      const cutoff = text(flags, "cutoff");
      const repeat = text(flags, "repeat");
      const slots = integer(flags, "slots");
      const place = text(flags, "where");
      const note = text(flags, "note");
      const rolesFlag = text(flags, "roles");
      if (rolesFlag !== undefined && slots !== undefined) throw new UserError("tasks:errors.slotsWithRoles");
      const roles = rolesFlag === undefined ? undefined : parseRoles(rolesFlag);
      const draft: TaskDraft = {
        title,
        startsAt,
        endsAt: until === undefined ? undefined : parseEnd(until, startsAt, times),
        capacity: roles ? totalCapacity(roles) : slots === undefined ? UNLIMITED_SLOTS : checkSlots(slots),
        roles,
        place: place === undefined ? undefined : checkPlace(place),
        note: note === undefined ? undefined : checkNote(note),
        cutoffAt: cutoff === undefined ? undefined : parseCutoff(cutoff, startsAt, times),
        recurrence: repeat === undefined ? undefined : buildRecurrence(repeat, startsAt, community.timezone),
      };
      const actor = { key: ctx.person.id, communityId: community.id };
      await s.floods.enforce("tasks", actor, ctx.clock.now(), "tasks:limits.tooMany");
      const task = await s.taskService.create(
        community.id,
        draft,
        { chatId: ctx.chat.id, personId: ctx.person.id },
        // The task, its audit entry and the event's completion commit together.
        completing(ctx.completion, (tx, created) =>
          s.deps.store.audit.record(
            {
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "task.create",
              subject: `task:${created.id}`,
            },
            tx,
          ),
        ),
      );
      await replyWithCard(ctx, s, task);
    },
  };
}
