// /role <user> <role>: admins hand out roles in their community.
import type { CommandSpec } from "../../core/commands.js";
import { UserError } from "../../core/errors.js";
import { isRole, ROLES } from "../../core/roles.js";
import type { Store } from "../../storage/store.js";
import { suggestMembers } from "./member-suggestions.js";
import { requireMember } from "./user-reference.js";

export function roleCommand(store: Store): CommandSpec {
  return {
    name: "role",
    summary: "communities:role.summary",
    fallback: {
      usage: "communities:role.usage",
      requires: "admin",
      // One argument only in reply to the person's message (Telegram): `/role coordinator`.
      min: 1,
      max: 2,
      params: [
        // Typed, with the members offered: a platform's own user picker would know only its own people.
        { name: "user", description: "communities:options.user", suggest: suggestMembers(store) },
        { name: "role", description: "communities:options.role", choices: ROLES },
      ],
      async run(ctx, { args }) {
        const community = ctx.requireCommunity();
        const replied = ctx.event.kind === "command" ? ctx.event.replyTo : undefined;
        if (args.length === 1 && !replied) {
          throw new UserError("core:errors.missingArgument", { usage: ctx.t("communities:role.usage") });
        }
        const wanted = args.at(-1)!.toLowerCase();
        if (!isRole(wanted)) throw new UserError("communities:role.badRole", { role: wanted.slice(0, 30) });
        let reference = args[0]!;
        if (args.length === 1 && replied) {
          // The person replied to may never have been seen (privacy mode): knowing them makes them a member here.
          await store.directory.resolve(replied, ctx.event.conversation, ctx.clock.now());
          reference = `<@${replied.id}>`;
        }
        const members = await store.communities.members(community.id);
        // Where the bot sees only commands and replies to it, someone who only talks is unknown: say how to proceed.
        const member = requireMember(members, reference, {
          key: ctx.event.conversation.botSeesOnlyAddressed
            ? "communities:role.notFoundPrivacy"
            : "communities:role.notFound",
          params: { role: wanted },
        });
        if (member.role === "admin" && wanted !== "admin" && members.filter((m) => m.role === "admin").length === 1) {
          throw new UserError("communities:role.lastAdmin", { name: member.displayName });
        }
        await store.communities.setRole(community.id, member.personId, wanted);
        await store.audit.record({
          communityId: community.id,
          actorPersonId: ctx.person.id,
          action: "role.set",
          subject: member.personId,
          before: member.role,
          after: wanted,
        });
        await ctx.reply(
          ctx.t("communities:role.set", {
            name: member.displayName,
            role: ctx.t(`core:roles.${wanted}`),
            community: community.name,
          }),
        );
      },
    },
  };
}
