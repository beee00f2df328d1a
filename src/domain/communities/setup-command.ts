// /setup: a chat becomes a community's home, invites other chats (on any
// platform) to join it, and shows the community's status to its admins.
import { IANAZone } from "luxon";
import type { CommandSpec, SubcommandSpec } from "../../core/commands.js";
import type { HandlerContext } from "../../core/context.js";
import { UserError } from "../../core/errors.js";
import { flag, text } from "../../core/flag-readers.js";
import { markEventDoneIn } from "../../storage/repositories/processed-events.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { Store } from "../../storage/store.js";
import { completingAudited } from "../change-effects.js";
import { FloodLimits } from "../flood-limits/index.js";
import { unreachableReasonText } from "./chat-lifecycle.js";
import { redeemCode } from "./code-redemption.js";
import { limitsSubcommand } from "./limits-command.js";

const INVITE_TTL_MS = 7 * 24 * 3600_000;

import type { StatusProvider } from "../feature-module.js";

export interface SetupDeps {
  store: Store;
  defaultTimezone: string;
  statusProviders: StatusProvider[];
  /** More `/setup <word> …` from other features (e.g. requests' category, contact, apikey); never replaces one. */
  extraSubcommands?: Record<string, SubcommandSpec>;
}

export function setupCommand({ store, defaultTimezone, statusProviders, extraSubcommands }: SetupDeps): CommandSpec {
  const command = builtinSetup({ store, defaultTimezone, statusProviders });
  for (const [word, spec] of Object.entries(extraSubcommands ?? {})) {
    if (command.subcommands![word]) throw new Error(`/setup ${word} is declared twice`);
    command.subcommands![word] = spec;
  }
  return command;
}

function builtinSetup({ store, defaultTimezone, statusProviders }: SetupDeps): CommandSpec {
  const floods = new FloodLimits(store);
  return {
    name: "setup",
    summary: "communities:setup.summary",
    subcommands: {
      community: {
        usage: "communities:setup.usageCommunity",
        requires: "chatAdmin",
        min: 1,
        max: 1,
        rest: true,
        params: [{ name: "name", description: "communities:options.name" }],
        flags: { timezone: { kind: "string", description: "communities:options.timezone" } },
        async run(ctx, { args, flags }) {
          refuseDirectChat(ctx);
          requireBotInChat(ctx);
          if (ctx.community) throw new UserError("communities:setup.alreadyLinked", { name: ctx.community.name });
          const name = args[0]!.trim();
          if (name.length < 1 || name.length > 80) throw new UserError("communities:setup.badName");
          const timezone = validTimezone(text(flags, "timezone") ?? defaultTimezone);
          // The community, its audit entry and the event's completion commit together.
          await store.communities.create(
            { name, timezone, locale: ctx.locale, chatId: ctx.chat.id, adminPersonId: ctx.person.id },
            completingAudited(ctx.completion, store.audit, (created) => ({
              communityId: created.id,
              action: "community.create",
              subject: ctx.chat.id,
              actorPersonId: ctx.person.id,
              after: { name, timezone },
            })),
          );
          await ctx.reply(ctx.t("communities:setup.created", { name }));
        },
      },
      invite: {
        usage: "communities:setup.usageInvite",
        requires: "admin",
        max: 0,
        async run(ctx) {
          const community = ctx.requireCommunity();
          const actor = { key: ctx.person.id, communityId: community.id };
          await floods.enforce("codes", actor, ctx.clock.now(), "communities:limits.tooManyCodes");
          // The code, its audit entry and the event's completion commit together: a redelivery makes no second code.
          const code = await inTransaction(store.database, async (tx) => {
            const issued = await store.codes.issue(
              "invite",
              { communityId: community.id, personId: ctx.person.id },
              new Date(ctx.clock.now().getTime() + INVITE_TTL_MS),
              tx,
            );
            // Who let another chat in; never the code itself, which still works for a week.
            await store.audit.record(
              {
                communityId: community.id,
                actorPersonId: ctx.person.id,
                action: "community.invite",
                subject: community.id,
              },
              tx,
            );
            await markEventDoneIn(tx, ctx.completion);
            return issued;
          });
          await ctx.reply(ctx.t("communities:setup.invite", { code }));
        },
      },
      join: {
        usage: "communities:setup.usageJoin",
        requires: "chatAdmin",
        min: 1,
        max: 1,
        params: [{ name: "code", description: "communities:options.inviteCode" }],
        flags: { officials: { kind: "boolean", description: "communities:options.officials" } },
        async run(ctx, { args, flags }) {
          refuseDirectChat(ctx);
          requireBotInChat(ctx);
          if (ctx.community) throw new UserError("communities:setup.alreadyLinked", { name: ctx.community.name });
          const now = ctx.clock.now();
          const role = flag(flags, "officials") ? "officials" : "community";
          // The code used, the chat linked, its member, the audit entry and the event's completion commit
          // together: a crash cannot leave the code used and the chat unlinked.
          const community = await redeemCode(floods, ctx.person.id, now, () =>
            inTransaction(store.database, async (tx) => {
              const code = await store.codes.consume("invite", args[0]!, now, tx);
              const found = code?.communityId
                ? await tx.community.findUnique({ where: { id: code.communityId } })
                : undefined;
              if (!found) return undefined;
              await store.chats.link(ctx.chat.id, found.id, role, tx);
              await store.communities.ensureMember(found.id, ctx.person.id, tx);
              await store.audit.record(
                {
                  communityId: found.id,
                  actorPersonId: ctx.person.id,
                  action: "chat.join",
                  subject: ctx.chat.id,
                  detail: { role },
                },
                tx,
              );
              await markEventDoneIn(tx, ctx.completion);
              return found;
            }),
          );
          if (!community) throw new UserError("communities:setup.badCode");
          const key = role === "officials" ? "communities:setup.joinedOfficials" : "communities:setup.joined";
          await ctx.reply(ctx.t(key, { name: community.name }));
        },
      },
      timezone: {
        usage: "communities:setup.usageTimezone",
        requires: "admin",
        min: 1,
        max: 1,
        params: [{ name: "zone", description: "communities:options.timezone" }],
        async run(ctx, { args }) {
          const community = ctx.requireCommunity();
          const zone = validTimezone(args[0]!);
          // The change, its audit entry and the event's completion commit together.
          await inTransaction(store.database, async (tx) => {
            await store.communities.update(community.id, { timezone: zone }, tx);
            await store.audit.record(
              {
                communityId: community.id,
                actorPersonId: ctx.person.id,
                action: "community.timezone",
                subject: community.id,
                before: community.timezone,
                after: zone,
              },
              tx,
            );
            await markEventDoneIn(tx, ctx.completion);
          });
          // A read between the update and its commit may have cached the old zone.
          store.communities.forget(community.id);
          await ctx.reply(ctx.t("communities:setup.timezoneSet", { name: community.name, zone }));
        },
      },
      limits: limitsSubcommand(store),
      status: {
        usage: "communities:setup.usageStatus",
        requires: "admin",
        max: 0,
        async run(ctx) {
          const community = ctx.requireCommunity();
          await ctx.reply(await statusCard(ctx, store, community.id, statusProviders));
        },
      },
    },
  };
}

function validTimezone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) throw new UserError("communities:setup.badTimezone", { zone: zone.slice(0, 60) });
  return zone;
}

async function statusCard(ctx: HandlerContext, store: Store, communityId: string, providers: StatusProvider[]) {
  const { t } = ctx;
  const community = (await store.communities.find(communityId))!;
  const [chats, members] = await Promise.all([
    store.chats.ofCommunity(communityId),
    store.communities.members(communityId),
  ]);
  const counts = { admin: 0, coordinator: 0, official: 0, member: 0 };
  for (const member of members) counts[member.role]++;
  const chatLines = chats.map((chat) => {
    const values = {
      platform: chat.platform,
      title: chat.title ?? chat.id,
      role: t(`communities:setup.chatRole.${chat.role === "officials" ? "officials" : "community"}`),
    };
    if (!chat.unreachableAt) return t("communities:setup.chatLine", values);
    return t("communities:setup.chatLineUnreachable", { ...values, reason: unreachableReasonText(t, chat) });
  });
  const extra = (await Promise.all(providers.map((provide) => provide(communityId, t)))).flat();
  return {
    title: t("communities:setup.statusTitle", { name: community.name }),
    text: [...chatLines, ...extra].join("\n"),
    fields: [
      { label: t("communities:setup.statusTimezone"), value: community.timezone },
      { label: t("communities:setup.statusLanguage"), value: community.locale },
      { label: t("communities:setup.statusChats"), value: String(chats.length) },
      { label: t("communities:setup.statusMembers"), value: t("communities:setup.statusMemberCounts", counts) },
    ],
  };
}

/** A direct chat with the bot is one person's: it can never be a community's home or linked chat. */
function refuseDirectChat(ctx: HandlerContext): void {
  if (ctx.event.conversation.isDirect) throw new UserError("communities:setup.directChat");
}

/** A chat becomes a home or an officials' chat only where the bot can post and listen (Slack: invited). */
function requireBotInChat(ctx: HandlerContext): void {
  if (ctx.event.conversation.botIsMember === false) throw new UserError("communities:setup.inviteBotFirst");
}
