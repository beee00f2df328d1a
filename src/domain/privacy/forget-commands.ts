// /forgetme and /setup forget <user>: erasure, always confirmed first, by a
// button or by typing `confirm`. The person may erase themselves; an admin
// may erase a member of their community who asked by other means. Either
// way the erasure covers every community and platform (personal-data.ts).
import type { ActionSpec, CommandSpec, SubcommandSpec } from "../../core/commands.js";
import type { HandlerContext } from "../../core/context.js";
import { UserError } from "../../core/errors.js";
import type { Store } from "../../storage/store.js";
import { requireMember, suggestMembers } from "../communities/index.js";
import type { PersonalData } from "./personal-data.js";

export const FORGET_ME_ACTION = "privacy.forgetme";
export const FORGET_MEMBER_ACTION = "privacy.forgetMember";
const CONFIRM = "confirm";

export function forgetMeCommand(data: PersonalData): CommandSpec {
  return {
    name: "forgetme",
    summary: "privacy:forget.summary",
    fallback: {
      usage: "privacy:forget.usage",
      privateAnswer: true,
      max: 1,
      params: [{ name: "confirm", description: "privacy:options.confirm", choices: [CONFIRM] }],
      async run(ctx, { args }) {
        if (args[0] === undefined) {
          await ctx.replyPrivately({
            text: ctx.t("privacy:forget.ask"),
            buttons: [
              [
                {
                  label: ctx.t("privacy:forget.button"),
                  action: FORGET_ME_ACTION,
                  args: [ctx.person.id],
                  style: "danger",
                },
              ],
            ],
          });
          return;
        }
        if (args[0].toLowerCase() !== CONFIRM) throw new UserError("privacy:forget.badWord");
        await data.erase(ctx.person.id, { self: true });
        await ctx.replyPrivately(ctx.t("privacy:forget.done"));
      },
    },
  };
}

export function forgetMeAction(data: PersonalData): ActionSpec {
  return {
    name: FORGET_ME_ACTION,
    async run(ctx, args) {
      // The button names the person who asked; only they can press it.
      if (args[0] !== ctx.person.id) throw new UserError("privacy:forget.notYours");
      await data.erase(ctx.person.id, { self: true });
      await ctx.updateSource({ text: ctx.t("privacy:forget.done") });
    },
  };
}

export function setupForgetSubcommand(store: Store, data: PersonalData): SubcommandSpec {
  return {
    usage: "privacy:setupForget.usage",
    description: "privacy:setupForget.description",
    requires: "admin",
    min: 1,
    max: 2,
    params: [
      { name: "user", description: "privacy:options.user", suggest: suggestMembers(store) },
      { name: "confirm", description: "privacy:options.confirm", choices: [CONFIRM] },
    ],
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const reference = args[0]!;
      const members = await store.communities.members(community.id);
      const member = requireMember(members, reference);
      if (member.personId === ctx.person.id) throw new UserError("privacy:setupForget.self");
      if (args[1] === undefined) {
        await ctx.replyPrivately({
          text: ctx.t("privacy:setupForget.ask", { name: member.displayName, user: reference.slice(0, 60) }),
          buttons: [
            [
              {
                label: ctx.t("privacy:setupForget.button", { name: member.displayName }),
                action: FORGET_MEMBER_ACTION,
                args: [member.personId],
                style: "danger",
              },
            ],
          ],
        });
        return;
      }
      if (args[1].toLowerCase() !== CONFIRM) throw new UserError("privacy:setupForget.badWord");
      await eraseMember(ctx, data, store, member.personId, member.displayName);
    },
  };
}

export function forgetMemberAction(store: Store, data: PersonalData): ActionSpec {
  return {
    name: FORGET_MEMBER_ACTION,
    requires: "admin",
    async run(ctx, args) {
      const personId = args[0] ?? "";
      const member = await store.people.find(personId);
      if (!member) {
        await ctx.updateSource({ text: ctx.t("privacy:forget.already") });
        return;
      }
      await eraseMember(ctx, data, store, personId, member.displayName);
      await ctx.updateSource({ text: ctx.t("privacy:setupForget.done", { name: member.displayName }) });
    },
  };
}

/** An admin may erase only a member of the community they administer, and not themselves. */
async function eraseMember(
  ctx: HandlerContext,
  data: PersonalData,
  store: Store,
  personId: string,
  name: string,
): Promise<void> {
  const community = ctx.requireCommunity();
  if (personId === ctx.person.id) throw new UserError("privacy:setupForget.self");
  const members = await store.communities.members(community.id);
  if (!members.some((m) => m.personId === personId)) {
    throw new UserError("communities:role.notFound", { user: name.slice(0, 60) });
  }
  await data.erase(personId, { adminPersonId: ctx.person.id, communityId: community.id });
  if (ctx.event.kind === "command") await ctx.reply(ctx.t("privacy:setupForget.done", { name }));
}
