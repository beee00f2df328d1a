// Open311 GeoReport v2 under /open311/v2 on the bot's HTTP server, JSON only:
//   GET  discovery.json                 where and what this endpoint is
//   GET  services.json                  the community's categories
//   GET  services/<code>.json           a category's extra questions (attributes)
//   POST requests.json                  file a request (api_key from /setup apikey)
//   GET  requests.json                  requests, filtered (last 90 days by default, 1,000 at most)
//   GET  requests/<number>.json         one request
//   GET  servicerequestupdates.json     public updates (the updates extension)
//
// Which community: a POST files into the api_key's community. A GET names it
// with jurisdiction_id (the community's id, shown with the key); when the bot
// serves one community only, jurisdiction_id may be left out.
//
// A posted request is filed exactly as `/request` files one: the same
// checks, number, routing to the contact's chat, and response-time jobs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolveLocale } from "../../core/resolve-locale.js";
import {
  checkCoordinates,
  expectText,
  hashApiKey,
  MAX_ADDRESS,
  MAX_DESCRIPTION,
  NUMBER_PATTERN,
  type RequestRecord,
  type RequestsServices,
  type ServiceField,
  updateDescription,
} from "../../domain/requests/index.js";
import { readForm } from "./body.js";
import { Open311Error, sendError, sendJson } from "./errors.js";
import { discoveryJson, requestJson, serviceDefinitionJson, serviceJson, updateJson } from "./format.js";
import { MAX_RESULTS, parsePeriod, parseRequestFilters } from "./query.js";

export type Open311RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

interface Community {
  id: string;
  name: string;
  timezone: string;
  locale: string;
}

/** When this endpoint's definition last changed, for discovery.json. */
const CHANGESET = new Date("2026-11-27T00:00:00Z");

export function createOpen311Handler(s: RequestsServices, prefix = "/open311"): Open311RouteHandler {
  const { logger } = s.deps;
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.slice(prefix.length);
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
      if (/\.xml$/i.test(path)) throw new Open311Error(400, "Only JSON is served here: use the .json path");
      const route = matchRoute(path);
      if (!route) throw new Open311Error(404, "Not found; see /open311/v2/discovery.json");
      const method = req.method ?? "GET";
      if (!route.methods.includes(method)) {
        sendError(res, new Open311Error(405, `Use ${route.methods.join(" or ")}`), { allow: route.methods.join(", ") });
        return;
      }
      switch (route.name) {
        case "discovery":
          return sendJson(res, 200, discoveryJson(endpointOf(req, prefix), CHANGESET));
        case "services": {
          const community = await jurisdiction(s, url.searchParams);
          return sendJson(res, 200, (await s.repo.categories.list(community.id)).map(serviceJson));
        }
        case "service": {
          const community = await jurisdiction(s, url.searchParams);
          const category = await s.repo.categories.byCode(community.id, route.param.toLowerCase());
          if (!category?.active) throw new Open311Error(404, `Unknown service_code ${route.param.slice(0, 40)}`);
          return sendJson(res, 200, serviceDefinitionJson(category));
        }
        case "requests":
          if (method === "POST") return sendJson(res, 200, await post(s, await readForm(req)));
          return sendJson(res, 200, await list(s, url.searchParams));
        case "request": {
          const community = await jurisdiction(s, url.searchParams);
          const number = route.param.toUpperCase();
          const request = NUMBER_PATTERN.test(number)
            ? await s.repo.requests.findByNumber(community.id, number)
            : undefined;
          if (!request) throw new Open311Error(404, `No request ${route.param.slice(0, 20)}`);
          return sendJson(res, 200, [await asJson(s, request, community)]);
        }
        case "updates":
          return sendJson(res, 200, await updates(s, url.searchParams));
      }
    } catch (error) {
      if (error instanceof Open311Error) return sendError(res, error, error.headers);
      logger.error({ err: error, path: url.pathname }, "open311 request failed");
      return sendError(res, new Open311Error(500, "Internal error"));
    }
  };
}

type Route =
  | { name: "discovery" | "services" | "requests" | "updates"; methods: string[] }
  | { name: "service" | "request"; methods: string[]; param: string };

function matchRoute(path: string): Route | undefined {
  if (path === "/v2/discovery.json") return { name: "discovery", methods: ["GET"] };
  if (path === "/v2/services.json") return { name: "services", methods: ["GET"] };
  if (path === "/v2/requests.json") return { name: "requests", methods: ["GET", "POST"] };
  if (path === "/v2/servicerequestupdates.json") return { name: "updates", methods: ["GET"] };
  const service = /^\/v2\/services\/([^/]+)\.json$/.exec(path);
  if (service) return { name: "service", methods: ["GET"], param: decodeURIComponent(service[1]!) };
  const request = /^\/v2\/requests\/([^/]+)\.json$/.exec(path);
  if (request) return { name: "request", methods: ["GET"], param: decodeURIComponent(request[1]!) };
  return undefined;
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

async function post(s: RequestsServices, form: URLSearchParams) {
  const key = form.get("api_key");
  const apiKey = key ? await s.repo.apiKeys.byHash(hashApiKey(key)) : undefined;
  if (!apiKey) throw new Open311Error(403, "Invalid api_key");
  await holdToLimit(s, apiKey);
  const community = (await s.deps.store.communities.find(apiKey.communityId))!;
  const jurisdictionId = form.get("jurisdiction_id")?.trim();
  if (jurisdictionId && jurisdictionId !== community.id) {
    throw new Open311Error(400, "jurisdiction_id does not match the api_key");
  }
  const code = form.get("service_code")?.trim();
  if (!code) throw new Open311Error(400, "service_code is required");
  const category = await s.repo.categories.byCode(community.id, code.toLowerCase());
  if (!category?.active) throw new Open311Error(400, `Unknown service_code ${code.slice(0, 40)}`);

  const description = (form.get("description") ?? "").trim();
  if (!description) throw new Open311Error(400, "description is required");
  if (description.length > MAX_DESCRIPTION) {
    throw new Open311Error(400, `description is longer than ${MAX_DESCRIPTION} characters`);
  }
  const location = readLocation(form);
  const answers = readAttributes(form, category.fields);

  const { request, route } = await s.filing.file({
    communityId: community.id,
    category,
    description: answers.length ? `${description}\n\n${answers.join("\n")}` : description,
    ...location,
    anonymous: true,
    origin: { kind: "open311", apiKeyId: apiKey.id },
  });
  const t = s.deps.translator.forLocale(resolveLocale(null, null, community.locale));
  const notice = [
    t("requests:open311.expected", { expect: expectText(category.expectMinutes, t) }),
    route.kind === "contact" ? t("requests:open311.sentTo", { contact: route.contact.name }) : null,
  ]
    .filter(Boolean)
    .join(" ");
  return [{ service_request_id: request.number, service_notice: notice, account_id: null }];
}

/** Each API key posts at most its community's open311 limit a minute; more gets 429 with Retry-After. */
async function holdToLimit(s: RequestsServices, apiKey: { id: number; communityId: string }): Promise<void> {
  const actor = { key: String(apiKey.id), communityId: apiKey.communityId };
  const verdict = await s.floods.take("open311", actor, s.deps.clock.now());
  if (verdict.allowed) return;
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  throw new Open311Error(429, `Too many requests with this api_key; try again in ${seconds} s`, {
    "retry-after": String(seconds),
  });
}

/** lat and long together, or address_string (both may be given). The spec requires one. */
function readLocation(form: URLSearchParams): { lat?: number; long?: number; address?: string } {
  const rawLat = form.get("lat");
  const rawLong = form.get("long");
  const address = form.get("address_string")?.trim();
  const location: { lat?: number; long?: number; address?: string } = {};
  if (rawLat !== null || rawLong !== null) {
    const lat = Number(rawLat);
    const long = Number(rawLong);
    if (rawLat === null || rawLong === null || !checkCoordinates(lat, long)) {
      throw new Open311Error(400, "lat and long must both be given, as WGS84 decimal degrees");
    }
    location.lat = lat;
    location.long = long;
  }
  if (address) {
    if (address.length > MAX_ADDRESS)
      throw new Open311Error(400, `address_string is longer than ${MAX_ADDRESS} characters`);
    location.address = address;
  }
  if (location.lat === undefined && location.address === undefined) {
    throw new Open311Error(400, "A location is required: lat and long, or address_string");
  }
  return location;
}

/** attribute[<code>] answers, checked against the category's fields; as "Question: answer" lines for the officials. */
function readAttributes(form: URLSearchParams, fields: ServiceField[]): string[] {
  const lines: string[] = [];
  for (const field of fields) {
    const values = [...form.getAll(`attribute[${field.code}]`), ...form.getAll(`attribute[${field.code}][]`)]
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0) {
      if (field.required) throw new Open311Error(400, `attribute[${field.code}] is required`);
      continue;
    }
    if (field.values && (field.datatype === "singlevaluelist" || field.datatype === "multivaluelist")) {
      if (field.datatype === "singlevaluelist" && values.length > 1) {
        throw new Open311Error(400, `attribute[${field.code}] takes one value`);
      }
      const names = values.map((value) => field.values!.find((v) => v.key === value)?.name);
      if (names.some((name) => name === undefined)) {
        throw new Open311Error(
          400,
          `attribute[${field.code}] must be one of ${field.values.map((v) => v.key).join(", ")}`,
        );
      }
      lines.push(`${field.description}: ${names.join(", ")}`);
      continue;
    }
    if (field.datatype === "number" && values.some((v) => !Number.isFinite(Number(v)))) {
      throw new Open311Error(400, `attribute[${field.code}] must be a number`);
    }
    lines.push(`${field.description}: ${values.join(", ").slice(0, 500)}`);
  }
  return lines;
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
    timezone: community.timezone,
  });
}

async function updates(s: RequestsServices, params: URLSearchParams) {
  const community = await jurisdiction(s, params);
  const now = s.deps.clock.now();
  const period = parsePeriod(params, now);
  const t = s.deps.translator.forLocale(resolveLocale(null, null, community.locale));
  const rows = await s.repo.updates.publicIn(community.id, period.from, period.to ?? now, MAX_RESULTS);
  const views = new Map<number, Awaited<ReturnType<RequestsServices["messenger"]["view"]>>>();
  const out = [];
  for (const row of rows) {
    let view = views.get(row.requestId);
    if (!view) {
      view = await s.messenger.view(row.request);
      views.set(row.requestId, view);
    }
    out.push(updateJson(row, row.request.number, updateDescription(view, row, t), community.timezone));
  }
  return out;
}
