// Open311 GeoReport v2 under /open311/v2 on the bot's HTTP server, each in
// XML (.xml, the spec's required format) and JSON (.json):
//   GET  discovery.<fmt>                 where and what this endpoint is
//   GET  services.<fmt>                  the community's categories
//   GET  services/<code>.<fmt>           a category's extra questions (attributes)
//   POST requests.<fmt>                  file a request (api_key from /setup apikey)
//   GET  requests.<fmt>                  requests, filtered (90 days at most, 1,000 at most)
//   GET  requests/<number>.<fmt>         one request
//   GET  servicerequestupdates.<fmt>     public updates (FixMyStreet's updates extension)
//
// Which community: a POST files into the api_key's community. A GET names it
// with jurisdiction_id (the community's id, shown with the key); when the bot
// serves one community only, jurisdiction_id may be left out.
//
// A posted request is filed exactly as `/request` files one: the same
// checks, number, routing to the contact's chat, and response-time jobs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolveLocale } from "../../core/resolve-locale.js";
import type { FloodActor } from "../../domain/flood-limits/index.js";
import {
  type CategoryRecord,
  expectText,
  hashApiKey,
  NUMBER_PATTERN,
  open311ExtendedStatus,
  type RequestRecord,
  type RequestsServices,
  type RequestView,
  updateDescription,
} from "../../domain/requests/index.js";
import { readForm } from "./body.js";
import { Open311Error } from "./errors.js";
import { discoveryJson, requestJson, serviceDefinitionJson, serviceJson, updateJson, updateStatus } from "./format.js";
import { readReport } from "./post-form.js";
import { MAX_RESULTS, parsePeriod, parseRequestFilters } from "./query.js";
import { type Format, send, sendError } from "./respond.js";

export type Open311RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

interface Community {
  id: string;
  name: string;
  timezone: string;
  locale: string;
}

/** When this endpoint's definition last changed; discovery's changeset is this or the latest change to a service. */
const CHANGESET = new Date("2026-12-04T00:00:00Z");

export function createOpen311Handler(s: RequestsServices, prefix = "/open311"): Open311RouteHandler {
  const { logger } = s.deps;
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.slice(prefix.length);
    // Errors answer in the format asked for; JSON when the path names none.
    const format: Format = /\.xml$/i.test(path) ? "xml" : "json";
    const query = url.searchParams;
    try {
      if (req.method === "OPTIONS") {
        res
          .writeHead(204, {
            "access-control-allow-origin": "*",
            "access-control-allow-methods": "GET, POST, OPTIONS",
            "access-control-allow-headers": "content-type",
          })
          .end();
        return;
      }
      const route = matchRoute(path);
      if (!route) throw new Open311Error(404, "Not found; see /open311/v2/discovery.xml");
      const method = req.method ?? "GET";
      if (!route.methods.includes(method)) {
        throw new Open311Error(405, `Use ${route.methods.join(" or ")}`, { allow: route.methods.join(", ") });
      }
      switch (route.name) {
        case "discovery":
          return send(res, format, 200, "discovery", await discovery(s, req, prefix, query));
        case "services": {
          const community = await jurisdiction(s, query);
          const categories = await s.repo.categories.list(community.id);
          return send(res, format, 200, "services", categories.map(serviceJson));
        }
        case "service": {
          const community = await jurisdiction(s, query);
          const category = await activeCategory(s, community.id, route.param);
          return send(res, format, 200, "service_definition", serviceDefinitionJson(category));
        }
        case "requests":
          if (method === "POST") {
            return send(res, format, 200, "requests", await post(s, req, query, await readForm(req)));
          }
          return send(res, format, 200, "requests", await list(s, query));
        case "request": {
          const community = await jurisdiction(s, query);
          const number = route.param.toUpperCase();
          const request = NUMBER_PATTERN.test(number)
            ? await s.repo.requests.findByNumber(community.id, number)
            : undefined;
          if (!request) throw new Open311Error(404, `No request ${route.param.slice(0, 20)}`);
          return send(res, format, 200, "requests", [await asJson(s, request, community)]);
        }
        case "updates":
          return send(res, format, 200, "updates", await updates(s, query));
      }
    } catch (error) {
      if (error instanceof Open311Error) return sendError(res, format, error);
      logger.error({ err: error, path: url.pathname }, "open311 request failed");
      return sendError(res, format, new Open311Error(500, "Internal error"));
    }
  };
}

type Route =
  | { name: "discovery" | "services" | "requests" | "updates"; methods: string[] }
  | { name: "service" | "request"; methods: string[]; param: string };

const FIXED_ROUTES = new Map<string, Route>([
  ["discovery", { name: "discovery", methods: ["GET"] }],
  ["services", { name: "services", methods: ["GET"] }],
  ["requests", { name: "requests", methods: ["GET", "POST"] }],
  ["servicerequestupdates", { name: "updates", methods: ["GET"] }],
]);

function matchRoute(path: string): Route | undefined {
  const fixed = /^\/v2\/([a-z]+)\.(?:json|xml)$/i.exec(path);
  if (fixed) return FIXED_ROUTES.get(fixed[1]!);
  const service = /^\/v2\/services\/([^/]+)\.(?:json|xml)$/i.exec(path);
  if (service) return { name: "service", methods: ["GET"], param: decodeURIComponent(service[1]!) };
  const request = /^\/v2\/requests\/([^/]+)\.(?:json|xml)$/i.exec(path);
  if (request) return { name: "request", methods: ["GET"], param: decodeURIComponent(request[1]!) };
  return undefined;
}

/** The changeset moves whenever a service is added, changed or removed, so clients know to read services again. */
async function discovery(s: RequestsServices, req: IncomingMessage, prefix: string, query: URLSearchParams) {
  const community = query.get("jurisdiction_id")?.trim() ? await jurisdiction(s, query) : undefined;
  const serviceChange = await s.repo.categories.lastChange(community?.id);
  const changeset = serviceChange && serviceChange > CHANGESET ? serviceChange : CHANGESET;
  return discoveryJson(endpointOf(req, prefix), changeset);
}

function endpointOf(req: IncomingMessage, prefix: string): string {
  const proto = String(req.headers["x-forwarded-proto"] ?? "http")
    .split(",")[0]!
    .trim();
  return `${proto}://${req.headers.host ?? "localhost"}${prefix}/v2/`;
}

/** The community a GET is about: jurisdiction_id, or the only one there is. */
async function jurisdiction(s: RequestsServices, params: URLSearchParams): Promise<Community> {
  const wanted = params.get("jurisdiction_id")?.trim();
  if (wanted) {
    const community = await s.deps.store.communities.find(wanted);
    if (!community) throw new Open311Error(404, "Unknown jurisdiction_id");
    return community;
  }
  const ids = await s.deps.store.communities.ids();
  if (ids.length === 0) throw new Open311Error(404, "No community is set up yet");
  if (ids.length > 1)
    throw new Open311Error(400, "jurisdiction_id is required: this server serves several communities");
  return (await s.deps.store.communities.find(ids[0]!))!;
}

async function post(s: RequestsServices, req: IncomingMessage, query: URLSearchParams, form: URLSearchParams) {
  // The form's api_key, or the query string's (the Open311 project's own API definition puts it there).
  const key = form.get("api_key") ?? query.get("api_key");
  const apiKey = key ? await s.repo.apiKeys.byHash(hashApiKey(key)) : undefined;
  const address = { key: `address:${clientAddress(req)}`, communityId: apiKey?.communityId };
  if (!apiKey) {
    // Guessing keys counts against the address too.
    await holdToLimit(s, address, "from this address");
    throw new Open311Error(403, "Invalid api_key");
  }
  await holdToLimit(s, { key: String(apiKey.id), communityId: apiKey.communityId }, "with this api_key");
  await holdToLimit(s, address, "from this address");
  const community = (await s.deps.store.communities.find(apiKey.communityId))!;
  const jurisdictionId = (form.get("jurisdiction_id") ?? query.get("jurisdiction_id"))?.trim();
  if (jurisdictionId && jurisdictionId !== community.id) {
    throw new Open311Error(404, "Unknown jurisdiction_id for this api_key");
  }
  const code = form.get("service_code")?.trim();
  if (!code) throw new Open311Error(400, "service_code is required");
  const category = await activeCategory(s, community.id, code);
  const report = readReport(form, category);

  const { request, view } = await s.filing.file({
    communityId: community.id,
    category,
    ...report,
    anonymous: true,
    origin: { kind: "open311", apiKeyId: apiKey.id },
  });
  return [{ service_request_id: request.number, service_notice: serviceNotice(s, view, community), account_id: null }];
}

/** A category by its code in any case (codes are stored in lower case); an unknown one is the spec's 404. */
async function activeCategory(s: RequestsServices, communityId: string, code: string): Promise<CategoryRecord> {
  const category = await s.repo.categories.byCode(communityId, code.toLowerCase());
  if (!category?.active) throw new Open311Error(404, `Unknown service_code ${code.slice(0, 40)}`);
  return category;
}

/** What to expect: the category's response time and who has it, in the community's language. */
function serviceNotice(s: RequestsServices, view: RequestView, community: Community): string {
  const t = s.deps.translator.forLocale(resolveLocale(null, null, community.locale));
  return [
    t("requests:open311.expected", { expect: expectText(view.category.expectMinutes, t) }),
    view.contactName ? t("requests:open311.sentTo", { contact: view.contactName }) : null,
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * POSTs per API key and per client address, each held to the key's community's
 * open311 limit (the default one for a wrong key); more gets 429 with Retry-After.
 */
async function holdToLimit(s: RequestsServices, actor: FloodActor, whose: string): Promise<void> {
  const verdict = await s.floods.take("open311", actor, s.deps.clock.now());
  if (verdict.allowed) return;
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  throw new Open311Error(429, `Too many requests ${whose}; try again in ${seconds} s`, {
    "retry-after": String(seconds),
  });
}

/** The connecting address; a proxy in front makes every client one address (see the README). */
function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}

async function list(s: RequestsServices, params: URLSearchParams) {
  const community = await jurisdiction(s, params);
  const filters = parseRequestFilters(params, s.deps.clock.now());
  const categories = await s.repo.categories.list(community.id, { includeInactive: true });
  const statuses = filters.statuses?.flatMap((status) => (status === "open" ? ["open"] : ["fixed", "closed"]));
  const requests = await s.repo.requests.search({
    communityId: community.id,
    ...(filters.numbers ? { numbers: filters.numbers } : { from: filters.period.from, to: filters.period.to }),
    ...(filters.codes
      ? { categoryIds: categories.filter((c) => filters.codes!.includes(c.code)).map((c) => c.id) }
      : {}),
    ...(statuses ? { statuses } : {}),
    limit: MAX_RESULTS,
  });
  const out = [];
  for (const request of requests) out.push(await asJson(s, request, community));
  return out;
}

async function asJson(s: RequestsServices, request: RequestRecord, community: Community) {
  const t = s.deps.translator.forLocale(resolveLocale(null, null, community.locale));
  const [view, updates] = await Promise.all([s.messenger.view(request), s.repo.updates.publicOf(request.id)]);
  const last = updates.at(-1);
  return requestJson({
    view,
    statusNotes: last ? updateDescription(view, last, t) : null,
    serviceNotice: serviceNotice(s, view, community),
    timezone: community.timezone,
  });
}

async function updates(s: RequestsServices, params: URLSearchParams) {
  const community = await jurisdiction(s, params);
  const now = s.deps.clock.now();
  const period = parsePeriod(params, now);
  const t = s.deps.translator.forLocale(resolveLocale(null, null, community.locale));
  const rows = await s.repo.updates.publicIn(community.id, period.from, period.to ?? now, MAX_RESULTS);
  const views = new Map<number, RequestView>();
  // A reply leaves its request as the update before it did; before the first one listed, as it stands now.
  const states = new Map<number, string>();
  const out = [];
  for (const row of rows) {
    let view = views.get(row.requestId);
    if (!view) {
      view = await s.messenger.view(row.request);
      views.set(row.requestId, view);
    }
    const status = updateStatus(row, states.get(row.requestId) ?? currentStatus(row.request));
    states.set(row.requestId, status);
    out.push(
      updateJson({
        update: row,
        number: row.request.number,
        status,
        description: updateDescription(view, row, t),
        timezone: community.timezone,
      }),
    );
  }
  return out;
}

function currentStatus(request: RequestRecord): string {
  return open311ExtendedStatus(request.status, request.subStatus);
}
