// `/setup audit [--since <date>] [--actor <user>] [--action <kind>] [--page N]`:
// an admin reads the community's audit trail, newest first, a page at a
// time, in their own language and the community's time zone. Only where the
// admin alone sees it (like a secret): the trail names people and what they
// did, and must not land in a group for want of a direct chat.
import type { SubcommandSpec } from "../../core/commands.js";
import type { HandlerContext } from "../../core/context.js";
import { UserError } from "../../core/errors.js";
import { integer, text } from "../../core/flag-readers.js";
import type { AuditQuery } from "../../storage/repositories/audit.js";
import type { MemberRecord } from "../../storage/repositories/communities.js";
import type { Store } from "../../storage/store.js";
import { matchMember, suggestMembers } from "../communities/index.js";
import { parseWhen } from "../time/parse-when.js";
import { auditLine } from "./audit-line.js";

/** Lines per page: a chat message, not a wall. */
export const AUDIT_PAGE_SIZE = 15;
/** Far past any real trail; keeps the offset a small number. */
const MAX_PAGE = 100_000;
const ACTION_KIND = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

export function auditSubcommand(store: Store): SubcommandSpec {
  return {
    usage: "accountability:audit.usage",
    requires: "admin",
    privateAnswer: true,
    max: 0,
    flags: {
      since: { kind: "string", description: "accountability:options.since" },
      actor: { kind: "string", description: "accountability:options.actor", suggest: suggestMembers(store) },
      action: { kind: "string", description: "accountability:options.action" },
      page: { kind: "int", description: "accountability:options.page" },
    },
    async run(ctx, { flags }) {
      const community = ctx.requireCommunity();
      const members = await store.communities.members(community.id);
      const query: AuditQuery = {
        communityId: community.id,
        since: since(ctx, text(flags, "since"), community.timezone),
        actorPersonId: actor(members, text(flags, "actor")),
        action: action(text(flags, "action")),
        page: Math.min(MAX_PAGE, Math.max(1, integer(flags, "page") ?? 1)),
        pageSize: AUDIT_PAGE_SIZE,
      };
      // Only where the admin alone sees it: the trail names people and what they did.
      await ctx.replySecret(async () => {
        const { entries, total } = await store.audit.page(query);
        const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
        if (entries.length === 0) {
          return ctx.t(total === 0 ? "accountability:audit.empty" : "accountability:audit.pastEnd", { count: pages });
        }
        // Targets that are people or the community read as names.
        const names = new Map([
          ...members.map((m) => [m.personId, m.displayName] as const),
          [community.id, community.name],
        ]);
        return {
          title: ctx.t("accountability:audit.title", { name: community.name, count: total }),
          text: entries.map((entry) => auditLine(entry, names, ctx.t, ctx.locale, community.timezone)).join("\n"),
          footer:
            query.page < pages
              ? ctx.t("accountability:audit.next", {
                  page: query.page,
                  pages,
                  command: nextPage(flags, query.page + 1),
                })
              : ctx.t("accountability:audit.last", { page: query.page, pages }),
        };
      });
    },
  };
}

function since(ctx: HandlerContext, value: string | undefined, timezone: string): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = parseWhen(value, { locale: ctx.locale, timezone, now: ctx.clock.now() });
  if (!parsed.ok) throw new UserError("accountability:audit.badSince", { value: value.slice(0, 40) });
  return parsed.at;
}

function actor(members: MemberRecord[], reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  const match = matchMember(members, reference);
  if ("found" in match) return match.found.personId;
  if ("ambiguous" in match) {
    const names = match.ambiguous.map((m) => m.displayName).join(", ");
    throw new UserError("accountability:audit.ambiguousActor", { user: reference.slice(0, 60), names });
  }
  throw new UserError("accountability:audit.unknownActor", { user: reference.slice(0, 60) });
}

function action(kind: string | undefined): string | undefined {
  if (kind === undefined) return undefined;
  const wanted = kind.trim().toLowerCase();
  if (!ACTION_KIND.test(wanted)) throw new UserError("accountability:audit.badAction", { action: kind.slice(0, 40) });
  return wanted;
}

/** The same command with the next page, so the admin can copy it. */
function nextPage(flags: Record<string, unknown>, page: number): string {
  const parts = ["/setup audit"];
  for (const name of ["since", "actor", "action"]) {
    const value = flags[name];
    if (typeof value === "string") parts.push(`--${name} "${value.replaceAll('"', "")}"`);
  }
  parts.push(`--page ${page}`);
  return parts.join(" ");
}
