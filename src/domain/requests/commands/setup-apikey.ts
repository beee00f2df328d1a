// /setup apikey [label] | list | revoke <id>
// An admin makes a key for an Open311 client (a city's app, a CRM). The key
// is shown once, privately, and stored only as a hash; it files requests
// into this community through POST /open311/v2/requests.json.
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { parseId } from "../../../core/id-argument.js";
import { completingAudited } from "../../change-effects.js";
import { newApiKey } from "../api-keys.js";
import { when } from "../presentation.js";
import type { RequestsServices } from "../services.js";
import { presentationFor } from "./shared.js";

export function setupApiKeySubcommand(s: RequestsServices): SubcommandSpec {
  const usage = "requests:usage.setupApiKey";
  return {
    usage,
    description: "requests:options.setupApiKey",
    // Typed platforms call the plain `/setup apikey [label]` "create".
    name: "create",
    requires: "admin",
    privateAnswer: true,
    max: 2,
    rest: true,
    params: [{ name: "label", description: "requests:options.keyLabel" }],
    subcommands: {
      list: {
        usage,
        privateAnswer: true,
        max: 0,
        async run(ctx) {
          const community = ctx.requireCommunity();
          const keys = await s.repo.apiKeys.active(community.id);
          const p = await presentationFor(ctx, s, community.id);
          const lines = keys.map((k) =>
            ctx.t("requests:setup.apikey.line", { id: k.id, label: k.label ?? "–", created: when(k.createdAt, p) }),
          );
          await ctx.replyPrivately(lines.length ? lines.join("\n") : ctx.t("requests:setup.apikey.none"));
        },
      },
      revoke: {
        usage,
        max: 1,
        params: [{ name: "key", description: "requests:options.keyId" }],
        async run(ctx, { args }) {
          const community = ctx.requireCommunity();
          const id = parseId(args[0] ?? "");
          if (id === undefined) throw new UserError("core:errors.usage", { usage: ctx.t(usage) });
          // The revocation, its audit entry and the event's completion commit together.
          const revoked = await s.repo.apiKeys.revoke(
            community.id,
            id,
            ctx.clock.now(),
            completingAudited(ctx.completion, s.deps.store.audit, (_) => ({
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "request.apikey.revoked",
              subject: `apikey:${id}`,
            })),
          );
          if (!revoked) throw new UserError("requests:errors.unknownKey", { id });
          await ctx.reply(ctx.t("requests:setup.apikey.revoked", { id }));
        },
      },
    },
    // No verb: a new key, with the words as its label.
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const label = args.join(" ").trim().slice(0, 80) || null;
      // Only the admin sees it, and only now: it is stored hashed. No private
      // place to show it, no key.
      await ctx.replySecret(async () => {
        const { key, hash } = newApiKey();
        // The key, its audit entry and the event's completion commit together: a redelivery makes no second key.
        const row = await s.repo.apiKeys.create(
          { communityId: community.id, keyHash: hash, label, createdByPersonId: ctx.person.id },
          completingAudited(ctx.completion, s.deps.store.audit, (created) => ({
            communityId: community.id,
            actorPersonId: ctx.person.id,
            action: "request.apikey.created",
            subject: `apikey:${created.id}`,
          })),
        );
        return ctx.t("requests:setup.apikey.created", { key, id: row.id, jurisdiction: community.id });
      });
    },
  };
}
