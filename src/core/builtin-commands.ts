// Commands every Talkoot has, whatever features are loaded: /help, /start
// (Telegram sends it when someone opens the bot; `/start <payload>` from a
// deep link runs the command the payload names, or resumes a command that
// waited for this direct chat: start-payload.ts) and /press
// (the fallback for platforms without buttons; the router accepts it only for
// ids shown as a typed line, in the chat they were shown in).
import type { CommandSpec, Feature, SubcommandSpec } from "./commands.js";
import type { HandlerContext } from "./context.js";
import { UserError } from "./errors.js";
import type { Translate } from "./i18n.js";
import { coreTranslations } from "./locales/core.js";
import type { Router } from "./router.js";
import { readStartPayload } from "./start-payload.js";

export function builtinCommands(router: Router): Feature {
  const help: SubcommandSpec = {
    usage: "core:help.usage",
    max: 1,
    params: [{ name: "command", description: "core:options.command" }],
    async run(ctx, input) {
      const t = ctx.t;
      const wanted = input.args[0]?.replace(/^\//, "").toLowerCase();
      const commands = router.listCommands();
      if (wanted) {
        const command = commands.find((c) => c.name === wanted || c.aliases?.includes(wanted));
        if (!command) throw new UserError("core:help.unknown", { command: wanted.slice(0, 40) });
        await ctx.reply({
          title: t("core:help.commandTitle", { command: command.name }),
          text: [
            t(command.summary),
            router.usageOf(t, command),
            command.personalData
              ? t("core:help.keepsDetail", { what: t(command.personalData) })
              : t("core:help.keepsNothing"),
          ].join("\n\n"),
        });
        return;
      }
      await listCommands(ctx);
    },
  };
  /** Every visible command, one a line; after a greeting when someone opens the bot. */
  const listCommands = async (ctx: HandlerContext, greeting?: string): Promise<void> => {
    const t = ctx.t;
    const lines = router
      .listCommands()
      .filter((c) => !c.hidden)
      .map((c) => helpLine(c, t));
    const intro = greeting ? `${greeting}\n${t("core:help.intro")}` : t("core:help.intro");
    await ctx.reply({
      title: t("core:help.title"),
      text: `${intro}\n\n${lines.join("\n")}`,
      footer: t("core:help.more"),
    });
  };
  return {
    name: "core",
    translations: coreTranslations,
    commands: [
      { name: "help", summary: "core:help.summary", fallback: help },
      {
        name: "start",
        hidden: true,
        summary: "core:help.summary",
        fallback: {
          ...help,
          verbatim: true,
          async run(ctx, input) {
            const payload = input.args[0];
            if (payload) {
              const wanted = readStartPayload(payload);
              if (wanted.kind === "command") return router.runCommandLine(ctx, wanted.line);
              if (ctx.event.conversation.isDirect) return router.resume(ctx, wanted.id);
            }
            // `/start` alone (or a payload that means nothing here): a greeting and the help.
            return listCommands(ctx, ctx.t("core:start.greeting", { name: ctx.person.displayName }));
          },
        },
      },
      {
        name: "press",
        hidden: true,
        summary: "core:press.summary",
        fallback: {
          usage: "core:press.usage",
          min: 1,
          max: 1,
          run: (ctx, input) => router.press(ctx, input.args[0]!),
        },
      },
    ],
  };
}

/** `/hours — Volunteer hours: … (keeps: your hours and your notes on them)`. */
function helpLine(command: CommandSpec, t: Translate): string {
  const line = `/${command.name} — ${t(command.summary)}`;
  return command.personalData ? t("core:help.keeps", { line, what: t(command.personalData) }) : line;
}
