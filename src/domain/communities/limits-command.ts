// `/setup limits`: an admin sees the community's flood limits, and changes
// one (`/setup limits requests 20`) or puts it back (`… requests default`).
import type { SubcommandSpec } from "../../core/commands.js";
import type { HandlerContext } from "../../core/context.js";
import { UserError } from "../../core/errors.js";
import { markEventDoneIn } from "../../storage/repositories/processed-events.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { Store } from "../../storage/store.js";
import { FLOOD_DEFAULTS, FLOOD_KINDS, type FloodKind, isFloodKind, MAX_FLOOD_COUNT } from "../flood-limits/index.js";

export function limitsSubcommand(store: Store): SubcommandSpec {
  return {
    usage: "communities:limits.usage",
    requires: "admin",
    max: 2,
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const [kind, count] = args;
      if (kind === undefined) {
        await ctx.reply(await limitsCard(ctx, store, community));
        return;
      }
      if (!isFloodKind(kind)) throw new UserError("communities:limits.badKind", { kind: kind.slice(0, 40) });
      if (count === undefined) throw new UserError("communities:limits.badCount", { max: MAX_FLOOD_COUNT });
      const before = await currentLimit(store, community.id, kind);
      const reset = count.toLowerCase() === "default";
      const after = reset ? FLOOD_DEFAULTS[kind].maxCount : parseCount(count);
      // The limit, its audit entry and the event's completion commit together.
      await inTransaction(store.database, async (tx) => {
        if (reset) await store.floodLimits.reset(community.id, kind, tx);
        else await store.floodLimits.set(community.id, kind, after, tx);
        await store.audit.record(
          {
            communityId: community.id,
            actorPersonId: ctx.person.id,
            action: "community.limit",
            subject: kind,
            before,
            after,
          },
          tx,
        );
        await markEventDoneIn(tx, ctx.completion);
      });
      store.floodLimits.forget(community.id);
      await ctx.reply(ctx.t(reset ? "communities:limits.reset" : "communities:limits.set", { kind, count: after }));
    },
  };
}

function parseCount(text: string): number {
  const count = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1 && count <= MAX_FLOOD_COUNT)) {
    throw new UserError("communities:limits.badCount", { max: MAX_FLOOD_COUNT });
  }
  return count;
}

async function limitsCard(ctx: HandlerContext, store: Store, community: { id: string; name: string }) {
  const own = await store.floodLimits.of(community.id);
  const lines = FLOOD_KINDS.map((kind: FloodKind) => {
    const fallback = FLOOD_DEFAULTS[kind].maxCount;
    const count = own.get(kind) ?? fallback;
    const note = own.has(kind) ? ctx.t("communities:limits.own", { default: fallback }) : "";
    return `${ctx.t(`communities:limits.${kind}`, { count })}${note}`;
  });
  return {
    title: ctx.t("communities:limits.title", { name: community.name }),
    text: [...lines, "", ctx.t("communities:limits.hint")].join("\n"),
  };
}

/** The limit in force before a change, for the audit trail. */
async function currentLimit(store: Store, communityId: string, kind: FloodKind): Promise<number> {
  return (await store.floodLimits.of(communityId)).get(kind) ?? FLOOD_DEFAULTS[kind].maxCount;
}
