// /link: one person, several platforms. `/link` gives a code; `/link <code>`
// from another account joins that account's person into the code's owner.
import type { CommandSpec } from "../../core/commands.js";
import { UserError } from "../../core/errors.js";
import type { Store } from "../../storage/store.js";
import { FloodLimits } from "../flood-limits/index.js";
import { redeemCode } from "./code-redemption.js";

const LINK_TTL_MS = 10 * 60_000;

export function linkCommand(store: Store): CommandSpec {
  const floods = new FloodLimits(store);
  return {
    name: "link",
    personalData: "communities:personalData.link",
    summary: "communities:link.summary",
    fallback: {
      usage: "communities:link.usage",
      privateAnswer: true,
      max: 1,
      params: [{ name: "code", description: "communities:options.linkCode" }],
      async run(ctx, { args }) {
        const now = ctx.clock.now();
        if (!args[0]) {
          // Whoever holds the code can join their account into this person:
          // it is made only once there is a place where only they see it.
          await ctx.replySecret(async () => {
            await floods.enforce("codes", { key: ctx.person.id }, now, "communities:limits.tooManyCodes");
            const code = await store.codes.issue(
              "link",
              { personId: ctx.person.id },
              new Date(now.getTime() + LINK_TTL_MS),
            );
            return ctx.t("communities:link.issued", { code });
          });
          return;
        }
        const code = await redeemCode(floods, ctx.person.id, now, async () => {
          const found = await store.codes.consume("link", args[0]!, now);
          return found?.personId ? { ...found, personId: found.personId } : undefined;
        });
        if (!code) throw new UserError("communities:link.badCode");
        if (code.personId === ctx.person.id) throw new UserError("communities:link.same");
        await store.people.merge(code.personId, ctx.person.id);
        await store.audit.record({
          actorPersonId: code.personId,
          action: "person.link",
          // Person ids only: a platform id here would outlive an erasure of the person.
          subject: `person:${code.personId}`,
          detail: { merged: ctx.person.id, platform: ctx.event.platform },
        });
        const identities = await store.people.identitiesOf(code.personId);
        const platforms = [...new Set(identities.map((i) => i.platform))].join(", ");
        await ctx.replyPrivately(ctx.t("communities:link.linked", { platforms }));
      },
    },
  };
}
