// /lang: the chat's language (admins), or a personal one with --me (anyone).
import type { CommandSpec } from "../../core/commands.js";
import { UserError } from "../../core/errors.js";
import { flag } from "../../core/flag-readers.js";
import { isLocale, LOCALES } from "../../core/i18n.js";
import type { Store } from "../../storage/store.js";

export function langCommand(store: Store): CommandSpec {
  return {
    name: "lang",
    personalData: "communities:personalData.lang",
    summary: "communities:lang.summary",
    fallback: {
      usage: "communities:lang.usage",
      max: 1,
      params: [{ name: "language", description: "communities:options.language", choices: LOCALES }],
      flags: { me: { kind: "boolean", description: "communities:options.me" } },
      async run(ctx, { args, flags }) {
        const wanted = args[0]?.toLowerCase();
        if (!wanted) {
          await ctx.reply(ctx.t("communities:lang.current", { locale: ctx.locale }));
          return;
        }
        if (!isLocale(wanted)) throw new UserError("communities:lang.badLocale", { locale: wanted.slice(0, 20) });
        const t = ctx.translateIn(wanted);
        if (flag(flags, "me")) {
          await store.people.setLocale(ctx.person.id, wanted);
          await ctx.reply(t("communities:lang.personSet"));
          return;
        }
        // In a direct chat, the chat is the person's own.
        if (!ctx.event.conversation.isDirect) ctx.require("chatAdmin");
        const before = (await store.chats.find(ctx.chat.id))?.locale ?? null;
        await store.chats.setLocale(ctx.chat.id, wanted);
        // A group's setting is a setup change; a direct chat's id is the person's own platform id, so it stays out.
        if (!ctx.event.conversation.isDirect)
          await store.audit.record({
            communityId: ctx.community?.id,
            actorPersonId: ctx.person.id,
            action: "chat.locale",
            subject: ctx.chat.id,
            before,
            after: wanted,
          });
        await ctx.reply(t("communities:lang.chatSet"));
      },
    },
  };
}
