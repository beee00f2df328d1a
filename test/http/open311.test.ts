// Open311 GeoReport v2 on the bot's real HTTP server (port 0), on both
// databases: every endpoint, the filters, errors in the spec's format with
// the matching status, the spec's field names, and no resident's identity in
// any answer. A posted request is routed like a chat one: its card reaches
// the contact's team chat.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { cardIn, type RequestsTestApp, seedCity, startRequestsApp } from "../domain/requests/harness.js";
import { forEachDatabase } from "../support/databases.js";
import { type Answer, asXmlText, type Entry, type Format, GeoReportClient, request } from "./open311-client.js";
import { requestOnce } from "./request-once.js";

const REQUEST_FIELDS = [
  "service_request_id",
  "status",
  "status_notes",
  "service_name",
  "service_code",
  "description",
  "agency_responsible",
  "service_notice",
  "requested_datetime",
  "updated_datetime",
  "expected_datetime",
  "address",
  "address_id",
  "zipcode",
  "lat",
  "long",
  "media_url",
];

type Json = Record<string, unknown>;

forEachDatabase("Open311 GeoReport v2", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // 10:00 in Helsinki
  let h: RequestsTestApp;
  let communityId: string;
  let apiKey: string;

  const get = async (path: string) => {
    const res = await requestOnce(`${h.baseUrl}${path}`);
    return { status: res.status, type: res.headers.get("content-type"), body: JSON.parse(res.text) as unknown };
  };
  const post = async (fields: Record<string, string>) => {
    const res = await requestOnce(`${h.baseUrl}/open311/v2/requests.json`, {
      method: "POST",
      body: new URLSearchParams(fields),
    });
    return { status: res.status, body: JSON.parse(res.text) as unknown };
  };
  const valid = () => ({
    api_key: apiKey,
    service_code: "lighting",
    lat: "60.1699",
    long: "24.9384",
    address_string: "Main street 1",
    description: "Lamp out since Monday",
    email: "resident@example.org",
    first_name: "Rita",
    last_name: "Resident",
    phone: "+358401234567",
  });

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock, http: true });
    ({ communityId } = await seedCity(h));
    await h.db.serviceCategory.updateMany({
      where: { code: "lighting" },
      data: {
        fields: JSON.stringify([
          { code: "pole", description: "Number on the pole", datatype: "string", required: false },
          {
            code: "kind",
            description: "What is wrong",
            datatype: "singlevaluelist",
            required: true,
            values: [
              { key: "dark", name: "The lamp is dark" },
              { key: "blinking", name: "The lamp blinks" },
            ],
          },
        ]),
      },
    });
    await h.say(h.sl, "city", "mia", "/setup apikey City CRM");
    apiKey = /(t311_[A-Za-z0-9_-]+)/.exec(h.sl.lastText("city"))![1]!;
    // A chat request by a named resident, for the listings.
    await h.say(h.tg, "kallio", "bob", '/request roads Pothole --where "Fleminginkatu 3"'); // K-1001
    await h.settle();
  });
  afterAll(() => h.close());

  describe("service discovery and definitions", () => {
    it("describes the endpoint", async () => {
      const { status, type, body } = await get("/open311/v2/discovery.json");
      assert.equal(status, 200);
      assert.equal(type, "application/json; charset=utf-8");
      const endpoints = (body as { endpoints: Json[] }).endpoints;
      assert.equal(endpoints[0]?.url, `${h.baseUrl}/open311/v2/`);
      assert.equal(endpoints[0]?.specification, "http://wiki.open311.org/GeoReport_v2");
      assert.deepEqual(endpoints[0]?.formats, ["text/xml", "application/json"]);
    });

    it("lists the services (the one community is the default jurisdiction)", async () => {
      const { status, body } = await get("/open311/v2/services.json");
      assert.equal(status, 200);
      assert.deepEqual(body, [
        {
          service_code: "lighting",
          service_name: "Street lighting",
          description: "",
          metadata: true,
          type: "realtime",
          keywords: "streetlight,lamp,katuvalo",
          group: "",
        },
        {
          service_code: "parks",
          service_name: "Parks",
          description: "",
          metadata: false,
          type: "realtime",
          keywords: "bench,playground",
          group: "",
        },
        {
          service_code: "roads",
          service_name: "Roads and streets",
          description: "",
          metadata: false,
          type: "realtime",
          keywords: "pothole,asphalt",
          group: "",
        },
      ]);
      assert.equal((await get(`/open311/v2/services.json?jurisdiction_id=${communityId}`)).status, 200);
    });

    it("defines a service's attributes", async () => {
      const { status, body } = await get("/open311/v2/services/lighting.json");
      assert.equal(status, 200);
      assert.deepEqual(body, {
        service_code: "lighting",
        attributes: [
          {
            variable: true,
            code: "pole",
            datatype: "string",
            required: false,
            datatype_description: "",
            order: 1,
            description: "Number on the pole",
          },
          {
            variable: true,
            code: "kind",
            datatype: "singlevaluelist",
            required: true,
            datatype_description: "",
            order: 2,
            description: "What is wrong",
            values: [
              { key: "dark", name: "The lamp is dark" },
              { key: "blinking", name: "The lamp blinks" },
            ],
          },
        ],
      });
      const missing = await get("/open311/v2/services/nope.json");
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, [{ code: 404, description: "Unknown service_code nope" }]);
    });
  });

  describe("POST requests.json", () => {
    it("files a request like the chat command, routed to the contact's team chat", async () => {
      clock.set("2026-12-01T09:00:00Z");
      const { status, body } = await post({ ...valid(), "attribute[pole]": "P-17", "attribute[kind]": "dark" });
      assert.equal(status, 200);
      assert.deepEqual(body, [
        {
          service_request_id: "K-1002",
          service_notice: "Expected response: within 3 days. Sent to City lighting.",
          account_id: null,
        },
      ]);
      const request = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1002" } });
      assert.equal(request.source, "open311");
      assert.equal(
        request.description,
        "Lamp out since Monday\n\nNumber on the pole: P-17\nWhat is wrong: The lamp is dark",
      );
      assert.deepEqual([request.lat, request.long, request.address], [60.1699, 24.9384, "Main street 1"]);
      // Nothing of the poster's identity is kept.
      assert.doesNotMatch(JSON.stringify(request), /Rita|resident@example|358401234567/);
      await h.settle();
      const card = cardIn(h.sl, "city", "K-1002")!.message;
      assert.equal(card.fields?.find((f) => f.label === "From")?.value, "Open311 (no name)");
      assert.ok(card.buttons?.length);
      assert.equal(
        await h.db.job.count({ where: { kind: "request.sla", dedupeKey: { startsWith: `request:${request.id}:` } } }),
        2,
      );
      // The API key's use is audited: which key filed which request.
      const filed = await h.db.auditEntry.findFirst({ where: { action: "request.file", subject: "K-1002" } });
      assert.equal(filed?.actorPersonId, null);
      assert.deepEqual(
        [JSON.parse(filed?.detail ?? "{}").source, typeof JSON.parse(filed?.detail ?? "{}").apiKey],
        ["open311", "number"],
      );
    });

    it("takes a JSON body too", async () => {
      const res = await requestOnce(`${h.baseUrl}/open311/v2/requests.json`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...valid(), service_code: "parks", description: "Broken bench" }),
      });
      assert.equal(res.status, 200);
      assert.equal((JSON.parse(res.text) as Json[])[0]?.service_request_id, "K-1003");
    });

    it("refuses a bad api_key with 403, in the spec's format", async () => {
      assert.deepEqual(await post({ ...valid(), api_key: "t311_wrong" }), {
        status: 403,
        body: [{ code: 403, description: "Invalid api_key" }],
      });
      const { api_key: _drop, ...withoutKey } = valid();
      assert.equal((await post(withoutKey)).status, 403);
    });

    it("refuses an unknown service code (404), a long description, no location, a missing attribute (400)", async () => {
      assert.deepEqual(await post({ ...valid(), service_code: "teleport" }), {
        status: 404,
        body: [{ code: 404, description: "Unknown service_code teleport" }],
      });
      assert.deepEqual(await post({ ...valid(), service_code: "roads", description: "x".repeat(4001) }), {
        status: 400,
        body: [{ code: 400, description: "description is longer than 4000 characters" }],
      });
      const { lat: _lat, long: _long, address_string: _address, ...nowhere } = { ...valid(), service_code: "roads" };
      assert.deepEqual(await post(nowhere), {
        status: 400,
        body: [{ code: 400, description: "A location is required: lat and long, address_string or address_id" }],
      });
      assert.deepEqual(await post(valid()), {
        status: 400,
        body: [{ code: 400, description: "attribute[kind] is required" }],
      });
      assert.equal((await post({ ...valid(), "attribute[kind]": "on fire" })).status, 400);
      assert.equal((await post({ ...valid(), service_code: "roads", lat: "95" })).status, 400);
      assert.equal(await h.db.serviceRequest.count(), 3, "nothing was filed");
    });
  });

  describe("GET requests", () => {
    it("answers one request by its number, with the spec's field names and no identity", async () => {
      const { status, body } = await get("/open311/v2/requests/K-1001.json");
      assert.equal(status, 200);
      const [request] = body as Json[];
      assert.deepEqual(Object.keys(request!), REQUEST_FIELDS);
      assert.deepEqual(request, {
        service_request_id: "K-1001",
        status: "open",
        status_notes: "Filed",
        service_name: "Roads and streets",
        service_code: "roads",
        description: "Pothole",
        agency_responsible: null,
        service_notice: "Expected response: no set response time.",
        requested_datetime: "2026-12-01T10:00:00+02:00",
        updated_datetime: "2026-12-01T10:00:00+02:00",
        expected_datetime: null,
        address: "Fleminginkatu 3",
        address_id: null,
        zipcode: null,
        lat: null,
        long: null,
        media_url: null,
      });
      assert.doesNotMatch(JSON.stringify(body), /bob|tg:/);
      const missing = await get("/open311/v2/requests/K-9999.json");
      assert.deepEqual(missing, {
        status: 404,
        type: "application/json; charset=utf-8",
        body: [{ code: 404, description: "No request K-9999" }],
      });
    });

    it("lists requests with the filters: id, service_code, dates, status", async () => {
      clock.set("2026-12-02T08:00:00Z");
      await h.say(h.sl, "city", "olga", "/request resolve K-1002 New lamp fitted");
      const ids = async (query: string) =>
        ((await get(`/open311/v2/requests.json${query}`)).body as Json[]).map((r) => r.service_request_id);
      assert.deepEqual(await ids(""), ["K-1003", "K-1002", "K-1001"]);
      assert.deepEqual(await ids("?service_request_id=K-1001,k-1003"), ["K-1003", "K-1001"]);
      assert.deepEqual(await ids("?service_code=roads,parks"), ["K-1003", "K-1001"]);
      assert.deepEqual(await ids("?status=closed"), ["K-1002"]);
      assert.deepEqual(await ids("?status=open"), ["K-1003", "K-1001"]);
      assert.deepEqual(await ids("?start_date=2026-12-01T08:00:01Z"), ["K-1003", "K-1002"]);
      assert.deepEqual(await ids("?end_date=2026-12-01T08:00:00Z"), ["K-1001"]);
      const closed = ((await get("/open311/v2/requests.json?status=closed")).body as Json[])[0]!;
      assert.equal(closed.status_notes, "New lamp fitted");
      assert.equal(closed.agency_responsible, "City lighting");
      assert.equal(closed.updated_datetime, "2026-12-02T10:00:00+02:00");
      assert.equal((await get("/open311/v2/requests.json?status=pending")).status, 400);
      assert.equal((await get("/open311/v2/requests.json?start_date=soon")).status, 400);
    });

    it("defaults to the last 90 days, and caps the list at 1,000", async () => {
      clock.set("2027-03-15T08:00:00Z"); // 103 days after the first requests
      assert.deepEqual((await get("/open311/v2/requests.json")).body, []);
      const category = await h.db.serviceCategory.findFirstOrThrow({ where: { code: "roads" } });
      await h.db.serviceRequest.createMany({
        data: Array.from({ length: 1_005 }, (_, i) => ({
          communityId,
          number: `Z-${i + 1}`,
          categoryId: category.id,
          description: `Bulk ${i + 1}`,
          createdAt: new Date("2027-03-10T08:00:00Z"),
          updatedAt: new Date("2027-03-10T08:00:00Z"),
        })),
      });
      const { body } = await get("/open311/v2/requests.json");
      assert.equal((body as Json[]).length, 1_000);
      await h.db.serviceRequest.deleteMany({ where: { number: { startsWith: "Z-" } } });
      clock.set("2026-12-02T08:00:00Z");
    });
  });

  describe("updates, jurisdictions and formats", () => {
    it("lists public updates (the updates extension)", async () => {
      await h.say(h.sl, "city", "mia", "/request reply K-1001 We are on it");
      const { status, body } = await get("/open311/v2/servicerequestupdates.json");
      assert.equal(status, 200);
      const updates = body as Json[];
      assert.deepEqual(Object.keys(updates[0]!), [
        "update_id",
        "service_request_id",
        "status",
        "updated_datetime",
        "description",
        "media_url",
      ]);
      assert.deepEqual(
        updates.map((u) => [u.service_request_id, u.status, u.description]),
        [
          ["K-1001", "open", "Filed"],
          ["K-1002", "open", "Filed"],
          ["K-1003", "open", "Filed"],
          ["K-1002", "fixed", "New lamp fitted"],
          ["K-1001", "open", "We are on it"],
        ],
      );
      const later = await get("/open311/v2/servicerequestupdates.json?start_date=2026-12-02T00:00:00Z");
      assert.deepEqual(
        (later.body as Json[]).map((u) => u.service_request_id),
        ["K-1002", "K-1001"],
      );
    });

    it("needs jurisdiction_id once there are several communities", async () => {
      await h.say(h.tg, "other", "zoe", "/setup community Toinen", true);
      assert.deepEqual(await get("/open311/v2/services.json"), {
        status: 400,
        type: "application/json; charset=utf-8",
        body: [{ code: 400, description: "jurisdiction_id is required: this server serves several communities" }],
      });
      assert.equal((await get(`/open311/v2/services.json?jurisdiction_id=${communityId}`)).status, 200);
      assert.equal((await get("/open311/v2/services.json?jurisdiction_id=nope")).status, 404);
      // A POST's community is its key's.
      assert.equal((await post({ ...valid(), service_code: "roads" })).status, 200);
      assert.deepEqual(await post({ ...valid(), service_code: "roads", jurisdiction_id: "nope" }), {
        status: 404,
        body: [{ code: 404, description: "Unknown jurisdiction_id for this api_key" }],
      });
      const other = await h.db.community.findFirstOrThrow({ where: { name: "Toinen" } });
      assert.equal((await post({ ...valid(), service_code: "roads", jurisdiction_id: other.id })).status, 404);
    });

    it("refuses other methods with 405", async () => {
      const res = await requestOnce(`${h.baseUrl}/open311/v2/services.json`, { method: "DELETE" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET");
      assert.equal((await get("/open311/v3/nothing.json")).status, 404);
    });
  });

  describe("XML, and the spec's edges", () => {
    const inCity = (path: string) => `${path}${path.includes("?") ? "&" : "?"}jurisdiction_id=${communityId}`;
    const client = (format: Format) =>
      GeoReportClient.discover(`${h.baseUrl}/open311/v2/discovery.${format}`, format, communityId);
    const postRaw = (fields: Record<string, string>, query = "") =>
      request(`${h.baseUrl}/open311/v2/requests.json${query}`, "json", {
        method: "POST",
        body: new URLSearchParams(fields),
      });

    it("serves every endpoint in XML too, field by field the same as the JSON", async () => {
      clock.set("2026-12-03T08:00:00Z");
      const [json, xml] = [await client("json"), await client("xml")];
      assert.equal(xml.endpoint, `${h.baseUrl}/open311/v2/`);
      const discovery = await request(`${h.baseUrl}/open311/v2/discovery.xml`, "xml");
      assert.equal(discovery.root, "discovery");
      assert.deepEqual(
        discovery.body,
        asXmlText((await request(`${h.baseUrl}/open311/v2/discovery.json`, "json")).body),
      );
      assert.deepEqual(((discovery.body as Entry).endpoints as Entry[])[0]?.formats, ["text/xml", "application/json"]);

      const posted = await xml.post({ ...valid(), service_code: "roads", description: "Crack <5 cm> & growing" });
      assert.deepEqual(
        [posted.status, posted.contentType, posted.root],
        [200, "text/xml; charset=utf-8", "service_requests"],
      );
      assert.deepEqual(posted.body, [
        { service_request_id: "K-1005", service_notice: "Expected response: no set response time.", account_id: "" },
      ]);
      const calls: Array<[string, (c: GeoReportClient) => Promise<Answer>]> = [
        ["services", (c) => c.services()],
        ["service_definition", (c) => c.serviceDefinition("lighting")],
        ["service_requests", (c) => c.requests()],
        ["service_requests", (c) => c.request("K-1005")],
        ["service_requests_updates", (c) => c.updates()],
        ["errors", (c) => c.serviceDefinition("nope")],
        ["errors", (c) => c.requests({ status: "pending" })],
      ];
      for (const [root, call] of calls) {
        const [a, b] = [await call(json), await call(xml)];
        assert.equal(b.status, a.status, root);
        assert.equal(b.contentType, "text/xml; charset=utf-8", root);
        assert.equal(b.root, root);
        assert.ok((a.body as unknown[]).length !== 0, `${root} has something to compare`);
        assert.deepEqual(b.body, asXmlText(a.body), root);
      }
      const [crack] = (await xml.request("K-1005")).body as Entry[];
      assert.equal(crack?.description, "Crack <5 cm> & growing");
      // A character XML cannot carry is left out of the XML, which stays well-formed.
      const bell = await json.post({ ...valid(), service_code: "roads", description: "Bell \u0007 rings" });
      const bellId = String((bell.body as Entry[])[0]?.service_request_id);
      assert.equal(((await xml.request(bellId)).body as Entry[])[0]?.description, "Bell  rings");
      const refused = await xml.post({ api_key: "t311_wrong", service_code: "roads" });
      assert.deepEqual(
        [refused.status, refused.root, refused.body],
        [403, "errors", [{ code: "403", description: "Invalid api_key" }]],
      );
    });

    it("refuses a blank lat= or long= with 400, and never stores (0, 0)", async () => {
      for (const blank of [{ lat: "" }, { long: "" }, { lat: " ", long: " " }]) {
        assert.deepEqual(await post({ ...valid(), service_code: "roads", ...blank }), {
          status: 400,
          body: [{ code: 400, description: "lat and long must both be given, as WGS84 decimal degrees" }],
        });
      }
      assert.equal(await h.db.serviceRequest.count({ where: { OR: [{ lat: 0 }, { long: 0 }] } }), 0);
    });

    it("counts attribute answers toward the 4,000 characters; no answer holds more", async () => {
      const before = await h.db.serviceRequest.count();
      // "What is wrong: The lamp is dark" and the blank line make 33 more characters.
      assert.deepEqual(await post({ ...valid(), description: "x".repeat(3_968), "attribute[kind]": "dark" }), {
        status: 400,
        body: [
          { code: 400, description: "description and attribute answers together are longer than 4000 characters" },
        ],
      });
      assert.equal(await h.db.serviceRequest.count(), before);
      const fits = await post({ ...valid(), description: "x".repeat(3_967), "attribute[kind]": "dark" });
      assert.equal(fits.status, 200);
      const number = (fits.body as Json[])[0]!.service_request_id as string;
      assert.equal((await h.db.serviceRequest.findFirstOrThrow({ where: { number } })).description.length, 4_000);
      // A request stored longer (a chat request with answers) is cut in every answer.
      const category = await h.db.serviceCategory.findFirstOrThrow({ where: { communityId, code: "roads" } });
      await h.db.serviceRequest.create({
        data: { communityId, number: "K-9001", categoryId: category.id, description: "y".repeat(4_100) },
      });
      for (const format of ["json", "xml"] as const) {
        const answer = await request(
          `${h.baseUrl}/open311/v2/requests/K-9001.${format}?jurisdiction_id=${communityId}`,
          format,
        );
        const description = String((answer.body as Entry[])[0]?.description);
        assert.equal(description.length, 4_000);
        assert.ok(description.endsWith("…"));
      }
      await h.db.serviceRequest.deleteMany({ where: { number: "K-9001" } });
    });

    it("files without a description when the answers or the place say it; keeps address_id and media_url", async () => {
      const { description: _d, lat: _lat, long: _long, address_string: _a, ...noWhatNoWhere } = valid();
      const answered = await post({
        ...noWhatNoWhere,
        "attribute[kind]": "blinking",
        address_id: "HEL-091-0042",
        media_url: "https://photos.example/lamp.jpg",
      });
      assert.equal(answered.status, 200, JSON.stringify(answered.body));
      const number = (answered.body as Json[])[0]!.service_request_id as string;
      const [json] = (await get(inCity(`/open311/v2/requests/${number}.json`))).body as Json[];
      assert.deepEqual(
        [json?.description, json?.address, json?.address_id, json?.lat, json?.media_url],
        ["What is wrong: The lamp blinks", null, "HEL-091-0042", null, "https://photos.example/lamp.jpg"],
      );
      const placed = await post({ api_key: apiKey, service_code: "roads", address_string: "Main street 2" });
      assert.equal(placed.status, 200);
      const placedNumber = (placed.body as Json[])[0]!.service_request_id as string;
      const stored = await h.db.serviceRequest.findFirstOrThrow({ where: { number: placedNumber } });
      assert.deepEqual([stored.description, stored.address], ["Roads and streets", "Main street 2"]);
      assert.deepEqual(await post({ ...valid(), "attribute[kind]": "dark", media_url: "javascript:alert(1)" }), {
        status: 400,
        body: [{ code: 400, description: "media_url must be an http or https URL of at most 2000 characters" }],
      });
    });

    it("takes api_key from the query string too", async () => {
      const { api_key: _key, ...fields } = { ...valid(), "attribute[kind]": "dark" };
      assert.equal((await postRaw(fields, `?api_key=${apiKey}`)).status, 200);
      assert.equal((await postRaw(fields, "?api_key=t311_wrong")).status, 403);
    });

    it("gives expected_datetime from the category's response time, and service_notice on GET too", async () => {
      const [lamp] = (await get(inCity("/open311/v2/requests/K-1002.json"))).body as Json[];
      // Filed 2026-12-01 09:00 UTC; lighting promises 3 days.
      assert.equal(lamp?.expected_datetime, "2026-12-04T11:00:00+02:00");
      assert.equal(lamp?.service_notice, "Expected response: within 3 days. Sent to City lighting.");
      const [pothole] = (await get(inCity("/open311/v2/requests/K-1001.json"))).body as Json[];
      assert.equal(pothole?.expected_datetime, null);
    });

    it("matches service_code in any case, everywhere", async () => {
      assert.equal((await get(inCity("/open311/v2/services/LIGHTING.json"))).status, 200);
      const ids = async (codes: string) =>
        ((await get(inCity(`/open311/v2/requests.json?service_code=${codes}`))).body as Json[]).map(
          (r) => r.service_request_id,
        );
      const lower = await ids("roads,parks");
      assert.ok(lower.length > 0);
      assert.deepEqual(await ids("ROADS,Parks"), lower);
      assert.equal((await post({ ...valid(), service_code: "Roads" })).status, 200);
    });

    it("keeps every search within the spec's 90 days", async () => {
      for (const resource of ["requests", "servicerequestupdates"]) {
        assert.deepEqual(
          await get(
            inCity(`/open311/v2/${resource}.json?start_date=2026-09-01T00:00:00Z&end_date=2026-12-03T00:00:00Z`),
          ),
          {
            status: 400,
            type: "application/json; charset=utf-8",
            body: [{ code: 400, description: "start_date and end_date may be at most 90 days apart" }],
          },
        );
        // start_date alone: the 90 days after it, which hold nothing here.
        assert.deepEqual((await get(inCity(`/open311/v2/${resource}.json?start_date=2026-08-01T00:00:00Z`))).body, []);
      }
    });

    it("tells fixed from closed as a duplicate in servicerequestupdates (FixMyStreet's states)", async () => {
      await h.say(h.sl, "parks", "pia", "/request close K-1003 Same bench as K-0999 --reason duplicate");
      await h.say(h.sl, "city", "mia", "/request reply K-1002 Thanks for telling us");
      assert.equal(
        (await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1003" } })).subStatus,
        "duplicate",
      );
      for (const format of ["json", "xml"] as const) {
        const updates = (await (await client(format)).updates()).body as Entry[];
        const of = (number: string) => updates.filter((u) => u.service_request_id === number).map((u) => u.status);
        assert.deepEqual(of("K-1003"), ["open", "duplicate"], format);
        assert.deepEqual(of("K-1002"), ["open", "fixed", "fixed"], format);
      }
      // GeoReport v2's own status stays open or closed.
      const [bench] = (await get(inCity("/open311/v2/requests/K-1003.json"))).body as Json[];
      assert.equal(bench?.status, "closed");
    });

    it("moves discovery's changeset when a service changes", async () => {
      const changeset = async () => {
        const body = (await get("/open311/v2/discovery.json")).body as { changeset: string; endpoints: Json[] };
        assert.equal(body.endpoints[0]?.changeset, body.changeset);
        return Date.parse(body.changeset);
      };
      const before = await changeset();
      await h.say(
        h.sl,
        "city",
        "mia",
        '/setup category add roads "Roads and streets" --keywords "pothole,asphalt,crack"',
      );
      assert.ok((await changeset()) > before);
    });

    it("limits POSTs per API key and per address: 429 with Retry-After, filing nothing", async () => {
      clock.set("2026-12-05T08:00:00Z");
      await h.say(h.tg, "kallio", "alice", "/setup limits open311 2");
      await h.say(h.sl, "city", "mia", "/setup apikey Second CRM");
      const second = /(t311_[A-Za-z0-9_-]+)/.exec(h.sl.lastText("city"))![1]!;
      const roads = { ...valid(), service_code: "roads" };
      for (let i = 0; i < 2; i++) assert.equal((await postRaw(roads)).status, 200);
      const before = await h.db.serviceRequest.count();
      const byKey = await postRaw(roads);
      assert.deepEqual(
        [byKey.status, byKey.retryAfter, byKey.body],
        [429, "60", [{ code: 429, description: "Too many requests with this api_key; try again in 60 s" }]],
      );
      // Another key from the same address: the address is at its community's limit.
      const byAddress = await postRaw({ ...roads, api_key: second });
      assert.deepEqual(
        [byAddress.status, byAddress.retryAfter, byAddress.body],
        [429, "60", [{ code: 429, description: "Too many requests from this address; try again in 60 s" }]],
      );
      // A wrong key belongs to no community: its address is held to the default 60.
      assert.equal((await postRaw({ ...roads, api_key: "t311_wrong" })).status, 403);
      assert.equal(await h.db.serviceRequest.count(), before);
      clock.advance(60_000);
      assert.equal((await postRaw({ ...roads, api_key: second })).status, 200);
      // Guessing keys from one address: 59 more this minute (the default 60), then 429.
      let tries = 0;
      let guess: Answer;
      do {
        guess = await postRaw({ ...roads, api_key: `t311_guess${tries}` });
        tries++;
      } while (guess.status === 403 && tries < 100);
      assert.deepEqual([guess.status, tries], [429, 60]);
      await h.say(h.tg, "kallio", "alice", "/setup limits open311 default");
    });
  });

  describe("end to end, with a client written from the spec", () => {
    for (const format of ["json", "xml"] as const) {
      it(`finds, files and follows a request in ${format.toUpperCase()}`, async () => {
        clock.advance(60_000);
        const city = await GeoReportClient.discover(`${h.baseUrl}/open311/v2/discovery.${format}`, format, communityId);
        const services = (await city.services()).body as Entry[];
        const lighting = services.find((service) => service.service_name === "Street lighting")!;
        assert.equal(String(lighting.metadata), "true");
        const definition = (await city.serviceDefinition(String(lighting.service_code))).body as Entry;
        const fields: Record<string, string> = {
          api_key: apiKey,
          service_code: String(lighting.service_code),
          lat: "60.1702",
          long: "24.9412",
          description: `Lamp by the kiosk <${format}> & dark`,
          media_url: `https://photos.example/kiosk-${format}.jpg`,
        };
        for (const attribute of definition.attributes as Entry[]) {
          if (String(attribute.required) !== "true") continue;
          fields[`attribute[${attribute.code}]`] = String((attribute.values as Entry[])[0]?.key);
        }
        const posted = await city.post(fields);
        assert.equal(posted.status, 200);
        const [receipt] = posted.body as Entry[];
        const id = String(receipt?.service_request_id);
        assert.equal(receipt?.service_notice, "Expected response: within 3 days. Sent to City lighting.");

        await h.settle();
        await h.say(h.sl, "city", "olga", `/request resolve ${id} Lamp replaced`);
        const [request] = (await city.request(id)).body as Entry[];
        assert.equal(request?.status, "closed");
        assert.equal(request?.status_notes, "Lamp replaced");
        assert.equal(request?.description, `Lamp by the kiosk <${format}> & dark\n\nWhat is wrong: The lamp is dark`);
        assert.equal(request?.media_url, `https://photos.example/kiosk-${format}.jpg`);
        assert.equal(String(request?.lat), "60.1702");
        const closed = (await city.requests({ status: "closed", service_code: "lighting" })).body as Entry[];
        assert.ok(closed.some((r) => r.service_request_id === id));
        const updates = ((await city.updates()).body as Entry[]).filter((u) => u.service_request_id === id);
        assert.deepEqual(
          updates.map((u) => [u.status, u.description]),
          [
            ["open", "Filed"],
            ["fixed", "Lamp replaced"],
          ],
        );
      });
    }
  });
});
