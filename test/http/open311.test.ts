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
    const res = await fetch(`${h.baseUrl}${path}`);
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as unknown };
  };
  const post = async (fields: Record<string, string>) => {
    const res = await fetch(`${h.baseUrl}/open311/v2/requests.json`, {
      method: "POST",
      body: new URLSearchParams(fields),
    });
    return { status: res.status, body: (await res.json()) as unknown };
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
      assert.deepEqual(endpoints[0]?.formats, ["application/json"]);
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
      const res = await fetch(`${h.baseUrl}/open311/v2/requests.json`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...valid(), service_code: "parks", description: "Broken bench" }),
      });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as Json[])[0]?.service_request_id, "K-1003");
    });

    it("refuses a bad api_key with 403, in the spec's format", async () => {
      assert.deepEqual(await post({ ...valid(), api_key: "t311_wrong" }), {
        status: 403,
        body: [{ code: 403, description: "Invalid api_key" }],
      });
      const { api_key: _drop, ...withoutKey } = valid();
      assert.equal((await post(withoutKey)).status, 403);
    });

    it("refuses an unknown service code, a long description, no location, a missing attribute: 400", async () => {
      assert.deepEqual(await post({ ...valid(), service_code: "teleport" }), {
        status: 400,
        body: [{ code: 400, description: "Unknown service_code teleport" }],
      });
      assert.deepEqual(await post({ ...valid(), service_code: "roads", description: "x".repeat(4001) }), {
        status: 400,
        body: [{ code: 400, description: "description is longer than 4000 characters" }],
      });
      const { lat: _lat, long: _long, address_string: _address, ...nowhere } = { ...valid(), service_code: "roads" };
      assert.deepEqual(await post(nowhere), {
        status: 400,
        body: [{ code: 400, description: "A location is required: lat and long, or address_string" }],
      });
      assert.deepEqual(await post(valid()), {
        status: 400,
        body: [{ code: 400, description: "attribute[kind] is required" }],
      });
      assert.equal((await post({ ...valid(), "attribute[kind]": "on fire" })).status, 400);
      assert.equal((await post({ ...valid(), service_code: "roads", lat: "95" })).status, 400);
      assert.equal((await post({ ...valid(), service_code: "roads", description: "" })).status, 400);
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
        service_notice: null,
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
          ["K-1002", "closed", "New lamp fitted"],
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
      assert.equal((await post({ ...valid(), service_code: "roads", jurisdiction_id: "nope" })).status, 400);
    });

    it("serves JSON only, and refuses other methods with 405", async () => {
      assert.deepEqual((await get("/open311/v2/services.xml")).body, [
        { code: 400, description: "Only JSON is served here: use the .json path" },
      ]);
      const res = await fetch(`${h.baseUrl}/open311/v2/services.json`, { method: "DELETE" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET");
      assert.equal((await get("/open311/v3/nothing.json")).status, 404);
    });
  });
});
