// /setup category add <code> "<name>" [--keywords "a,b"] [--description "…"] [--expect "3 days"]
// /setup category list | remove <code>
// Admins set what residents can ask for. Adding an existing code updates it;
// a removed category keeps its old requests and can be added back.
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { text } from "../../../core/flag-readers.js";
import { completingAudited } from "../../change-effects.js";
import type { SavedCategory } from "../category-repository.js";
import { checkCategoryDescription, checkCategoryName, checkCode, parseExpect, parseKeywords } from "../limits.js";
import { expectText } from "../presentation.js";
import { chooseContact } from "../routing.js";
import type { RequestsServices } from "../services.js";
import { suggestCategoryCodes } from "./suggestions.js";

export function setupCategorySubcommand(s: RequestsServices): SubcommandSpec {
  const usage = "requests:usage.setupCategory";
  return {
    usage,
    description: "requests:options.setupCategory",
    requires: "admin",
    subcommands: {
      add: {
        usage,
        min: 2,
        max: 2,
        rest: true,
        params: [
          { name: "code", description: "requests:options.code" },
          { name: "name", description: "requests:options.categoryName" },
        ],
        flags: {
          keywords: { kind: "string", description: "requests:options.keywords" },
          description: { kind: "string", description: "requests:options.categoryDescription" },
          expect: { kind: "string", description: "requests:options.expect" },
        },
        async run(ctx, { args, flags }) {
          const community = ctx.requireCommunity();
          const [code, name] = [args[0]!, args[1]!];
          const keywords = text(flags, "keywords");
          const description = text(flags, "description");
          const expect = text(flags, "expect");
          const existing = await s.repo.categories.byCode(community.id, checkCode(code));
          // The category, its audit entry and the event's completion commit together.
          const audit = completingAudited<SavedCategory>(ctx.completion, s.deps.store.audit, (saved) => ({
            communityId: community.id,
            actorPersonId: ctx.person.id,
            action: `request.category.${saved.outcome}`,
            subject: saved.category.code,
          }));
          const { category, outcome } = await s.repo.categories.save(
            community.id,
            {
              code: checkCode(code),
              name: checkCategoryName(name),
              // Options left out keep what the category had: adding again is how it is edited.
              keywords: keywords === undefined ? (existing?.keywords ?? []) : parseKeywords(keywords),
              description:
                description === undefined
                  ? (existing?.description ?? null)
                  : checkCategoryDescription(description) || null,
              expectMinutes: expect === undefined ? (existing?.expectMinutes ?? null) : parseExpect(expect),
              fields: existing?.fields ?? [],
            },
            audit,
          );
          const routed = chooseContact(await s.repo.contacts.list(community.id), category.code);
          const lines = [
            ctx.t(`requests:setup.category.${outcome === "created" ? "added" : "updated"}`, {
              code: category.code,
              name: category.name,
              expect: expectText(category.expectMinutes, ctx.t),
            }),
            routed
              ? ctx.t("requests:setup.category.routed", { contact: routed.name })
              : ctx.t("requests:setup.category.unrouted", { code: category.code }),
          ];
          await ctx.reply(lines.join("\n"));
        },
      },
      list: {
        usage,
        max: 0,
        async run(ctx) {
          const community = ctx.requireCommunity();
          const [categories, contacts] = await Promise.all([
            s.repo.categories.list(community.id),
            s.repo.contacts.list(community.id),
          ]);
          if (categories.length === 0) {
            await ctx.reply(ctx.t("requests:categories.none"));
            return;
          }
          const lines = categories.map((c) =>
            ctx.t("requests:setup.category.line", {
              code: c.code,
              name: c.name,
              expect: expectText(c.expectMinutes, ctx.t),
              keywords: c.keywords.join(", ") || "–",
              contact: chooseContact(contacts, c.code)?.name ?? ctx.t("requests:receipt.admins"),
            }),
          );
          await ctx.reply({ title: ctx.t("requests:setup.category.title"), text: lines.join("\n") });
        },
      },
      remove: {
        usage,
        min: 1,
        max: 1,
        params: [{ name: "code", description: "requests:options.code", suggest: suggestCategoryCodes(s) }],
        async run(ctx, { args }) {
          const community = ctx.requireCommunity();
          const code = args[0]!;
          const removed = await s.repo.categories.remove(
            community.id,
            code.trim().toLowerCase(),
            completingAudited(ctx.completion, s.deps.store.audit, (_) => ({
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "request.category.removed",
              subject: code,
            })),
          );
          if (!removed) throw new UserError("requests:errors.unknownCode", { code: code.slice(0, 30) });
          await ctx.reply(ctx.t("requests:setup.category.removed", { code }));
        },
      },
    },
    // No verb, or one that is none of the above.
    async run(ctx) {
      throw new UserError("core:errors.usage", { usage: ctx.t(usage) });
    },
  };
}
