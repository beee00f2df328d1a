// `/request follow <number>`: be told of each change, where you asked to
// follow it (your direct chat with the bot when it knows one).
// `/request unfollow <number>`: stop.
// `/request +1 <number>`: back a neighbour's request (support.ts).

import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { completing } from "../../change-effects.js";
import type { RequestsServices } from "../services.js";
import { findRequest } from "./shared.js";
import { requestParam } from "./suggestions.js";

export function followSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.follow",
    min: 1,
    max: 1,
    params: [requestParam(s)],
    async run(ctx, { args }) {
      const request = await findRequest(ctx, s, args[0]!);
      const added = await s.repo.followers.follow(
        {
          requestId: request.id,
          personId: ctx.person.id,
          identityId: ctx.identityId,
          chatId: ctx.chat.id,
        },
        completing(ctx.completion),
      );
      await ctx.reply(ctx.t(added ? "requests:follow.added" : "requests:follow.already", { number: request.number }));
    },
  };
}

export function unfollowSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.unfollow",
    min: 1,
    max: 1,
    params: [requestParam(s)],
    async run(ctx, { args }) {
      const request = await findRequest(ctx, s, args[0]!);
      const removed = await s.repo.followers.unfollow(request.id, ctx.person.id, completing(ctx.completion));
      await ctx.reply(
        ctx.t(removed ? "requests:follow.removed" : "requests:follow.notFollowing", { number: request.number }),
      );
    },
  };
}

export function supportSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.support",
    min: 1,
    max: 1,
    params: [requestParam(s, { open: true })],
    async run(ctx, { args }) {
      const request = await findRequest(ctx, s, args[0]!);
      // The +1, its audit entry and the event's completion commit together.
      const result = await s.support.add(ctx.person.id, request, completing(ctx.completion));
      if (result.kind === "refused") {
        throw new UserError(`requests:support.${result.reason}`, { number: request.number });
      }
      await ctx.reply(ctx.t("requests:support.added", { number: request.number, count: result.count }));
    },
  };
}
