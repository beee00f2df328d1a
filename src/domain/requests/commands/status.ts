// `/request status <number>`: where a request stands and its public history
// (anyone may read it: it is public, and names no resident).
// `/request mine`: the requests you filed, newest first.

import type { SubcommandSpec } from "../../../core/commands.js";
import { mineLine, renderStatus } from "../request-status.js";
import type { RequestsServices } from "../services.js";
import { findRequest, presentationFor } from "./shared.js";
import { requestParam } from "./suggestions.js";

/** A phone screen's worth. */
const MINE_SHOWN = 20;

export function statusSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.status",
    min: 1,
    max: 1,
    params: [requestParam(s)],
    async run(ctx, { args }) {
      const request = await findRequest(ctx, s, args[0]!);
      const [view, updates, p] = await Promise.all([
        s.messenger.view(request),
        s.repo.updates.publicOf(request.id),
        presentationFor(ctx, s, request.communityId),
      ]);
      await ctx.reply(renderStatus(view, updates, p));
    },
  };
}

export function mineSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.mine",
    max: 0,
    async run(ctx) {
      const requests = await s.repo.requests.mine(ctx.person.id, ctx.community?.id, MINE_SHOWN);
      if (requests.length === 0) {
        await ctx.reply(ctx.t("requests:mine.none"));
        return;
      }
      const lines: string[] = [];
      for (const request of requests) {
        lines.push(mineLine(await s.messenger.view(request), await presentationFor(ctx, s, request.communityId)));
      }
      await ctx.reply({
        title: ctx.t("requests:mine.title"),
        text: lines.join("\n"),
        footer: ctx.t("requests:mine.footer"),
      });
    },
  };
}
