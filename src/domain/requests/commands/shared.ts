// Helpers every /request command uses: finding a request by its public
// number, the reader's presentation, and turning a refused change into
// one localised line.
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { parseId } from "../../../core/id-argument.js";
import { communitiesInReach } from "../../../core/reach.js";
import { fold } from "../category-match.js";
import type { ContactRecord } from "../contact-repository.js";
import type { Applied } from "../handling.js";
import { parseRequestNumber } from "../numbering.js";
import type { Presentation } from "../presentation.js";
import type { RequestRecord } from "../service-request-repository.js";
import type { RequestsServices } from "../services.js";

/**
 * The request with this number. In a community's chat, that community's;
 * in a direct chat (an admin reading a routed card there), any community
 * the person belongs to, as long as the number is unambiguous.
 */
export async function findRequest(ctx: HandlerContext, s: RequestsServices, raw: string): Promise<RequestRecord> {
  const communityIds = await communitiesInReach(ctx.community, () => s.deps.store.communities.ofMember(ctx.person.id));
  if (communityIds.length === 0) throw new UserError("core:errors.notLinked");
  const found: RequestRecord[] = [];
  for (const communityId of communityIds) {
    const number = parseRequestNumber(raw, await s.repo.prefixes.of(communityId));
    if (!number) throw new UserError("requests:errors.badNumber", { input: raw.slice(0, 20) });
    const request = await s.repo.requests.findByNumber(communityId, number);
    if (request) found.push(request);
  }
  if (found.length !== 1) throw new UserError("requests:errors.unknownRequest", { number: raw.slice(0, 20) });
  return found[0]!;
}

/** A contact by "#3", "3" or its name (ignoring case and accents); a refusal lists the community's contacts. */
export async function contactByReference(
  s: RequestsServices,
  communityId: string,
  raw: string,
): Promise<ContactRecord> {
  const contacts = await s.repo.contacts.list(communityId);
  const id = parseId(raw);
  const found = id !== undefined ? contacts.find((c) => c.id === id) : contacts.find((c) => fold(c.name) === fold(raw));
  if (!found) {
    throw new UserError("requests:errors.unknownContact", {
      contact: raw.slice(0, 40),
      contacts: contacts.map((c) => `#${c.id} ${c.name}`).join(", ") || "–",
    });
  }
  return found;
}

/** A request found by the id a button carries. */
export async function requestById(s: RequestsServices, raw: string | undefined): Promise<RequestRecord> {
  const id = raw === undefined ? undefined : parseId(raw);
  const request = id === undefined ? undefined : await s.repo.requests.find(id);
  if (!request) throw new UserError("core:errors.staleButton");
  return request;
}

/** The reader's view: their language, times in the request's community's zone. */
export async function presentationFor(
  ctx: HandlerContext,
  s: RequestsServices,
  communityId: string,
): Promise<Presentation> {
  const community =
    ctx.community?.id === communityId ? ctx.community : await s.deps.store.communities.find(communityId);
  return { t: ctx.t, locale: ctx.locale, timezone: community?.timezone ?? "UTC", now: ctx.clock.now() };
}

/** A change that did not happen, as one line; the change itself when it did. */
export function changed(applied: Applied, request: RequestRecord): Extract<Applied, { kind: "changed" }> {
  switch (applied.kind) {
    case "changed":
      return applied;
    case "missing":
      throw new UserError("requests:errors.unknownRequest", { number: request.number });
    case "forbidden":
      throw new UserError("requests:errors.forbidden", { number: request.number });
    case "refused":
      throw new UserError(`requests:errors.refused.${applied.refusal}`, { number: request.number });
  }
}
