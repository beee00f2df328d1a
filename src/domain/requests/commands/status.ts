// `/request status <number>`: where a request stands and its public history
// (anyone may read it: it is public, and names no resident).
// `/request mine`: the requests you filed, newest first.
// `/request open [--page N]`: the community's open requests, newest first, for residents.

import type { SubcommandSpec } from "../../../core/commands.js";
import { integer } from "../../../core/flag-readers.js";
import { mineLine, openLine, renderStatus } from "../request-status.js";
import type { RequestsServices } from "../services.js";
import { findRequest, presentationFor } from "./shared.js";
import { requestParam } from "./suggestions.js";

/** A phone screen's worth. */
const MINE_SHOWN = 20;
const OPEN_PAGE_SIZE = 10;

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

export function openSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.open",
    max: 0,
    flags: { page: { kind: "int", description: "requests:options.page" } },
    async run(ctx, { flags }) {
      const community = ctx.requireCommunity();
      const page = Math.max(1, integer(flags, "page") ?? 1);
      const { requests, total } = await s.repo.requests.openPage(
        community.id,
        (page - 1) * OPEN_PAGE_SIZE,
        OPEN_PAGE_SIZE,
      );
      if (requests.length === 0) {
        await ctx.reply(ctx.t(total === 0 ? "requests:open.none" : "requests:open.pastEnd", { count: total }));
        return;
      }
      const p = await presentationFor(ctx, s, community.id);
      const lines: string[] = [];
      for (const request of requests) lines.push(openLine(await s.messenger.view(request), p));
      const more = page * OPEN_PAGE_SIZE < total;
      await ctx.reply({
        title: ctx.t("requests:open.title", { count: total }),
        text: lines.join("\n"),
        footer: more ? ctx.t("requests:open.more", { page: page + 1 }) : ctx.t("requests:open.footer"),
      });
    },
  };
}
