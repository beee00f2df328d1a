// /setup contact add "<name>" --categories roads,lighting [--email x@y]
// /setup contact list | remove "<name>"|#id
// An admin runs `add` in the officials' team chat (linked with
// `/setup join <code> --officials`): that chat becomes where the contact's
// requests arrive. Running it again updates the contact, or moves it to
// the chat it is run in.
import type { SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { text } from "../../../core/flag-readers.js";
import { completingAudited } from "../../change-effects.js";
import type { SavedContact } from "../contact-repository.js";
import { checkContactName, parseCodeList } from "../limits.js";
import { chooseContact, unroutedCodes } from "../routing.js";
import type { RequestsServices } from "../services.js";
import { contactByReference } from "./shared.js";

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

export function setupContactSubcommand(s: RequestsServices): SubcommandSpec {
  const usage = "requests:usage.setupContact";
  const name = { name: "name", description: "requests:options.contactName" };
  return {
    usage,
    description: "requests:options.setupContact",
    requires: "admin",
    subcommands: {
      add: {
        usage,
        min: 1,
        max: 1,
        rest: true,
        params: [name],
        flags: {
          categories: { kind: "string", description: "requests:options.categories" },
          email: { kind: "string", description: "requests:options.email" },
        },
        async run(ctx, { args, flags }) {
          const community = ctx.requireCommunity();
          await add(ctx, s, community.id, args[0]!, text(flags, "categories"), text(flags, "email"));
        },
      },
      list: {
        usage,
        max: 0,
        async run(ctx) {
          await list(ctx, s, ctx.requireCommunity().id);
        },
      },
      remove: {
        usage,
        min: 1,
        max: 1,
        rest: true,
        params: [name],
        async run(ctx, { args }) {
          const community = ctx.requireCommunity();
          const contact = await contactByReference(s, community.id, args[0]!);
          await s.repo.contacts.remove(
            contact.id,
            completingAudited(ctx.completion, s.deps.store.audit, (_) => ({
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "request.contact.removed",
              subject: `contact:${contact.id}`,
            })),
          );
          const unrouted = unroutedCodes(contact.categories, await s.repo.contacts.list(community.id));
          const lines = [ctx.t("requests:setup.contact.removed", { name: contact.name })];
          if (unrouted.length) lines.push(ctx.t("requests:setup.contact.unrouted", { codes: unrouted.join(", ") }));
          await ctx.reply(lines.join("\n"));
        },
      },
    },
    async run(ctx) {
      throw new UserError("core:errors.usage", { usage: ctx.t(usage) });
    },
  };
}

async function add(
  ctx: HandlerContext,
  s: RequestsServices,
  communityId: string,
  rawName: string,
  rawCategories: string | undefined,
  rawEmail: string | undefined,
): Promise<void> {
  // The chat is where officials act on cards: it must be the community's officials' chat.
  if (ctx.chat.role !== "officials") throw new UserError("requests:errors.notOfficialsChat");
  const name = checkContactName(rawName);
  if (!rawCategories)
    throw new UserError("requests:errors.needCategories", { usage: ctx.t("requests:usage.setupContact") });
  const codes = parseCodeList(rawCategories);
  const known = await s.repo.categories.list(communityId);
  const unknown = codes.filter((code) => !known.some((c) => c.code === code));
  if (unknown.length || codes.length === 0) {
    throw new UserError("requests:errors.unknownCodes", {
      codes: unknown.join(", ") || "–",
      known: known.map((c) => c.code).join(", ") || "–",
    });
  }
  const email = rawEmail?.trim();
  if (email !== undefined && !EMAIL.test(email))
    throw new UserError("requests:errors.badEmail", { input: email.slice(0, 60) });
  // The contact, its audit entry and the event's completion commit together.
  const { contact, outcome } = await s.repo.contacts.save(
    communityId,
    { name, categories: codes, email: email ?? null, chatId: ctx.chat.id },
    completingAudited<SavedContact>(ctx.completion, s.deps.store.audit, (saved) => ({
      communityId,
      actorPersonId: ctx.person.id,
      action: `request.contact.${saved.outcome}`,
      subject: `contact:${saved.contact.id}`,
      detail: { chatId: ctx.chat.id, categories: codes },
    })),
  );
  const contacts = await s.repo.contacts.list(communityId);
  const lines = [
    ctx.t(outcome === "created" ? "requests:setup.contact.added" : "requests:setup.contact.updated", {
      name: contact.name,
      codes: codes.join(", "),
    }),
  ];
  // The oldest contact of a category receives it: say so when another one already does.
  for (const code of codes) {
    const first = chooseContact(contacts, code);
    if (first && first.id !== contact.id) {
      lines.push(ctx.t("requests:setup.contact.shadowed", { code, other: first.name }));
    }
  }
  await ctx.reply(lines.join("\n"));
}

async function list(ctx: HandlerContext, s: RequestsServices, communityId: string): Promise<void> {
  const [contacts, categories] = await Promise.all([
    s.repo.contacts.list(communityId),
    s.repo.categories.list(communityId),
  ]);
  const lines = await Promise.all(
    contacts.map(async (c) => {
      const chat = c.chatId ? await s.deps.store.chats.find(c.chatId) : undefined;
      return ctx.t("requests:setup.contact.line", {
        id: c.id,
        name: c.name,
        codes: c.categories.join(", ") || "–",
        chat: chat ? `${chat.platform} · ${chat.title ?? chat.id}` : ctx.t("requests:setup.contact.noChat"),
      });
    }),
  );
  if (lines.length === 0) lines.push(ctx.t("requests:setup.contact.none"));
  const unrouted = unroutedCodes(
    categories.map((c) => c.code),
    contacts,
  );
  if (unrouted.length) lines.push("", ctx.t("requests:setup.contact.unrouted", { codes: unrouted.join(", ") }));
  await ctx.reply({ title: ctx.t("requests:setup.contact.title"), text: lines.join("\n") });
}
