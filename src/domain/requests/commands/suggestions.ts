// What people would otherwise copy, offered as they type: request numbers
// (`/request status request:`) and category codes (`/request category:`),
// from the asker's community.
import type { ParamDeclaration } from "../../../core/arguments.js";
import type { Suggest } from "../../../core/suggestions.js";
import { clip } from "../../../core/text.js";
import type { RequestsServices } from "../services.js";

const LOOKED_AT = 100;

/** The request-number argument most subcommands start with. */
export function requestParam(s: RequestsServices, options: { open?: boolean } = {}): ParamDeclaration {
  return { name: "request", description: "requests:options.request", suggest: suggestRequestNumbers(s, options) };
}

/** The community's categories: "roads — Roads and streets". */
export function suggestCategoryCodes(s: RequestsServices): Suggest {
  return async (ctx) => {
    if (!ctx.community) return [];
    const categories = await s.repo.categories.list(ctx.community.id);
    return categories.map((c) => ({ value: c.code, label: `${c.code} — ${clip(c.name, 80)}` }));
  };
}

/**
 * Requests: the asker's own first, then the community's newest (an official
 * handles others'); `open` leaves out fixed and closed ones.
 */
export function suggestRequestNumbers(s: RequestsServices, options: { open?: boolean } = {}): Suggest {
  return async (ctx) => {
    const community = ctx.community;
    if (!community) return [];
    const statuses = options.open ? ["open"] : undefined;
    const [mine, recent] = await Promise.all([
      s.repo.requests.mine(ctx.person.id, community.id, LOOKED_AT),
      s.repo.requests.search({ communityId: community.id, limit: LOOKED_AT, ...(statuses ? { statuses } : {}) }),
    ]);
    const seen = new Set<number>();
    const ordered = [...mine.filter((r) => !statuses || statuses.includes(r.status)), ...recent].filter((r) => {
      if (seen.has(r.id)) return false;
      seen.add(r.id);
      return true;
    });
    return ordered.map((r) => ({ value: r.number, label: `${r.number} ${clip(r.description, 80)}` }));
  };
}
