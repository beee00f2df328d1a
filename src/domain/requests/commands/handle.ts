// The officials' side, in their team chat on any platform: the card's
// buttons (Acknowledge, In progress, Resolve, Not ours) and the commands
//   /request ack|progress|schedule|resolve <number> [text]
//   /request reply <number> <text>
//   /request close <number> [text] [--reason duplicate|not-responsible|no-action|referred]
//   /request reassign <number> <contact> [note]
// Who may: permissions.ts (officials in the contact's chat, or admins);
// anyone else is refused and nothing changes.

import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { text } from "../../../core/flag-readers.js";
import { completing } from "../../change-effects.js";
import type { ContactRecord } from "../contact-repository.js";
import type { Change } from "../handling.js";
import { checkText } from "../limits.js";
import { stateLabel } from "../presentation.js";
import { ACKNOWLEDGE_ACTION, NOT_OURS_ACTION, PROGRESS_ACTION, RESOLVE_ACTION } from "../request-card.js";
import type { RequestRecord } from "../service-request-repository.js";
import type { RequestsServices } from "../services.js";
import { type CloseReason, parseCloseReason } from "../status-machine.js";
import { changed, contactByReference, findRequest, requestById } from "./shared.js";
import { requestParam } from "./suggestions.js";

type StatusWord = "acknowledge" | "progress" | "schedule" | "resolve";

export function statusSubcommand(s: RequestsServices, word: StatusWord, usage: string): SubcommandSpec {
  return {
    usage,
    min: 1,
    max: 2,
    rest: true,
    params: [requestParam(s, { open: true }), { name: "text", description: "requests:options.text" }],
    async run(ctx, { args }) {
      const request = await findRequest(ctx, s, args[0]!);
      await change(ctx, s, request, { kind: "status", action: { kind: word } }, args[1]);
    },
  };
}

export function closeSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.close",
    min: 1,
    max: 2,
    rest: true,
    params: [requestParam(s, { open: true }), { name: "text", description: "requests:options.text" }],
    flags: {
      reason: {
        kind: "string",
        description: "requests:options.reason",
        choices: ["duplicate", "not-responsible", "no-action", "referred"],
      },
    },
    async run(ctx, { args, flags }) {
      const raw = text(flags, "reason");
      const reason: CloseReason | undefined = raw === undefined ? "no_action" : parseCloseReason(raw);
      if (!reason) throw new UserError("requests:errors.badReason", { input: raw!.slice(0, 30) });
      const request = await findRequest(ctx, s, args[0]!);
      await change(ctx, s, request, { kind: "status", action: { kind: "close", reason } }, args[1]);
    },
  };
}

export function replySubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.reply",
    min: 2,
    max: 2,
    rest: true,
    params: [requestParam(s), { name: "text", description: "requests:options.text" }],
    async run(ctx, { args }) {
      const request = await findRequest(ctx, s, args[0]!);
      await change(ctx, s, request, { kind: "comment" }, args[1]);
    },
  };
}

export function reassignSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.reassign",
    min: 2,
    max: 3,
    rest: true,
    params: [
      requestParam(s, { open: true }),
      { name: "contact", description: "requests:options.contactName" },
      { name: "note", description: "requests:options.text" },
    ],
    async run(ctx, { args }) {
      const request = await findRequest(ctx, s, args[0]!);
      const contact = await findContact(s, request.communityId, args[1]!);
      await change(ctx, s, request, { kind: "reassign", contact }, args[2]);
    },
  };
}

/** The buttons on a card carry the request's id; what they do is the same as the commands. */
export function cardActions(s: RequestsServices): ActionSpec[] {
  const button = (name: string, make: () => Change): ActionSpec => ({
    name,
    async run(ctx, args) {
      const request = await requestById(s, args[0]);
      await change(ctx, s, request, make());
    },
  });
  return [
    button(ACKNOWLEDGE_ACTION, () => ({ kind: "status", action: { kind: "acknowledge" } })),
    button(PROGRESS_ACTION, () => ({ kind: "status", action: { kind: "progress" } })),
    button(RESOLVE_ACTION, () => ({ kind: "status", action: { kind: "resolve" } })),
    button(NOT_OURS_ACTION, () => ({ kind: "status", action: { kind: "close", reason: "not_responsible" } })),
  ];
}

/** Applies the change; a pressed card is replaced in place, a command gets a line back. */
async function change(
  ctx: HandlerContext,
  s: RequestsServices,
  request: RequestRecord,
  what: Change,
  words?: string,
): Promise<void> {
  const pressed = ctx.event.kind === "action" ? ctx.event.message : undefined;
  const textWords = words === undefined ? undefined : checkText(words);
  const applied = changed(
    await s.handling.apply(
      { personId: ctx.person.id, chatId: ctx.chat.id },
      request.id,
      what,
      textWords,
      pressed,
      completing(ctx.completion),
    ),
    request,
  );
  const after = applied.request;
  const line = ctx.t(`requests:handled.${applied.update.kind}`, {
    number: after.number,
    state: stateLabel(after.status, after.subStatus, ctx.t),
    contact: what.kind === "reassign" ? what.contact.name : "",
  });
  if (!pressed) {
    await ctx.reply(line);
    return;
  }
  ctx.toast(line);
  try {
    const cards = await s.repo.cards.ofRequest(after.id);
    const card = cards.find((c) => c.ref?.chatId === pressed.chatId && c.ref.messageId === pressed.messageId);
    await ctx.updateSource(await s.messenger.renderCard(after, card ?? { chatId: ctx.chat.id, kind: "contact" }));
  } catch (error) {
    // The change is done and the other cards are being edited; a card that cannot be replaced must not look failed.
    s.deps.logger.warn({ err: error, request: after.number }, "could not update the pressed request card");
  }
}

/** A contact that can receive the card: it must have a team chat. */
async function findContact(s: RequestsServices, communityId: string, raw: string): Promise<ContactRecord> {
  const contact = await contactByReference(s, communityId, raw);
  if (!contact.chatId) throw new UserError("requests:errors.contactWithoutChat", { contact: contact.name });
  return contact;
}
