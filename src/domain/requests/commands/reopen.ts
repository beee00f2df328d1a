// `/request reopen <number> <why>`: the resident says it is not fixed, within
// 14 days of it being marked fixed. It opens again at the same contact, whose
// chat is told why.

import type { SubcommandSpec } from "../../../core/commands.js";
import { completing } from "../../change-effects.js";
import { checkText } from "../limits.js";
import type { RequestsServices } from "../services.js";
import { changed, findRequest } from "./shared.js";
import { requestParam } from "./suggestions.js";

export function reopenSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.reopen",
    min: 2,
    max: 2,
    rest: true,
    params: [requestParam(s), { name: "why", description: "requests:options.why" }],
    async run(ctx, { args }) {
      const request = await findRequest(ctx, s, args[0]!);
      const why = checkText(args[1]!);
      changed(
        await s.handling.apply(
          { personId: ctx.person.id, chatId: ctx.chat.id },
          request.id,
          { kind: "status", action: { kind: "reopen" } },
          why,
          undefined,
          completing(ctx.completion),
        ),
        request,
      );
      await ctx.reply(ctx.t("requests:handled.reopened", { number: request.number }));
    },
  };
}
