// The requests feature's pure parts alone: category matching, public
// numbers, permissions, routing choice, input limits, Open311 filters and
// formats.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  exactCategory,
  looksLikeCategory,
  similarity,
  suggestCategories,
} from "../../../src/domain/requests/category-match.js";
import type { ContactRecord } from "../../../src/domain/requests/contact-repository.js";
import { checkCode, parseAt, parseCodeList, parseExpect, parseKeywords } from "../../../src/domain/requests/limits.js";
import { formatRequestNumber, NUMBER_PATTERN, parseRequestNumber } from "../../../src/domain/requests/numbering.js";
import { mayHandle, mayReopen } from "../../../src/domain/requests/permissions.js";
import { chooseContact, unroutedCodes } from "../../../src/domain/requests/routing.js";
import { Open311Error } from "../../../src/http/open311/errors.js";
import { datetime, requestJson, serviceJson } from "../../../src/http/open311/format.js";
import { parsePeriod, parseRequestFilters } from "../../../src/http/open311/query.js";
import { refusal } from "./refusal.js";

const categories = [
  { code: "lighting", name: "Street lighting", keywords: ["streetlight", "lamp", "katuvalo"] },
  { code: "roads", name: "Roads and streets", keywords: ["pothole", "asphalt", "kuoppa"] },
  { code: "parks", name: "Parks", keywords: ["bench", "playground"] },
  { code: "snow", name: "Snow and ice", keywords: ["lumi", "liukas", "icy pavement"] },
];

describe("category matching", () => {
  it("finds a category by code or name, ignoring case and accents", () => {
    assert.equal(exactCategory("LIGHTING", categories)?.code, "lighting");
    assert.equal(exactCategory("roads and streets", categories)?.code, "roads");
    assert.equal(exactCategory("lamp", categories), undefined);
  });

  it("suggests by keywords first, with word endings", () => {
    assert.deepEqual(
      suggestCategories("the streetlight is out", categories).map((m) => [m.category.code, m.via]),
      [["lighting", "keyword"]],
    );
    assert.deepEqual(
      suggestCategories("Potholes on Main street", categories).map((m) => m.category.code),
      ["roads"],
    );
    assert.deepEqual(
      suggestCategories("icy pavement near the school", categories).map((m) => m.category.code),
      ["snow"],
    );
    // More keyword hits rank first.
    assert.deepEqual(
      suggestCategories("bench by the lamp on the playground", categories).map((m) => m.category.code),
      ["parks", "lighting"],
    );
  });

  it("falls back to a small fuzzy match for typos", () => {
    assert.deepEqual(
      suggestCategories("lightning", categories).map((m) => [m.category.code, m.via]),
      [["lighting", "fuzzy"]],
    );
    assert.deepEqual(
      suggestCategories("katuvalot", categories).map((m) => m.category.code),
      ["lighting"],
    );
    assert.deepEqual(suggestCategories("xyzzy", categories), []);
    assert.equal(looksLikeCategory("lightning", categories), true);
    assert.equal(looksLikeCategory("lamp", categories), false);
    assert.equal(similarity("abc", "abd") < 0.7, true);
  });
});

describe("public numbers", () => {
  it("formats and reads numbers as people type them", () => {
    assert.equal(formatRequestNumber("K", 1042), "K-1042");
    for (const typed of ["K-1042", "k-1042", "K1042", "#1042", "1042", " k1042 "]) {
      assert.equal(parseRequestNumber(typed, "K"), "K-1042", typed);
    }
    assert.equal(parseRequestNumber("P-7", "K"), "P-7");
    assert.equal(parseRequestNumber("lamp", "K"), undefined);
    assert.equal(NUMBER_PATTERN.test("K-1042"), true);
    assert.equal(NUMBER_PATTERN.test("K-1042; DROP"), false);
  });
});

describe("permissions", () => {
  const inChat = { actingChatId: "sl:city", contactChatId: "sl:city" };
  it("lets officials in the contact's chat, and admins anywhere, handle a request", () => {
    assert.equal(mayHandle({ role: "official", ...inChat }), true);
    assert.equal(mayHandle({ role: "admin", actingChatId: "tg:home", contactChatId: "sl:city" }), true);
    assert.equal(mayHandle({ role: "admin", actingChatId: "tg:home", contactChatId: undefined }), true);
  });

  it("refuses officials elsewhere, other roles, and officials when it went to the admins", () => {
    assert.equal(mayHandle({ role: "official", actingChatId: "tg:home", contactChatId: "sl:city" }), false);
    assert.equal(mayHandle({ role: "member", ...inChat }), false);
    assert.equal(mayHandle({ role: "coordinator", ...inChat }), false);
    assert.equal(mayHandle({ role: undefined, ...inChat }), false);
    assert.equal(mayHandle({ role: "official", actingChatId: "sl:city", contactChatId: undefined }), false);
  });

  it("lets the resident (or an admin) reopen", () => {
    assert.equal(mayReopen({ personId: "p1", residentPersonId: "p1", role: "member" }), true);
    assert.equal(mayReopen({ personId: "p2", residentPersonId: "p1", role: "official" }), false);
    assert.equal(mayReopen({ personId: "p2", residentPersonId: null, role: "member" }), false);
    assert.equal(mayReopen({ personId: "p2", residentPersonId: "p1", role: "admin" }), true);
  });
});

describe("routing choice", () => {
  const contact = (id: number, categories: string[], chatId: string | null = `sl:${id}`, active = true) =>
    ({ id, communityId: "c", name: `C${id}`, chatId, email: null, categories, active }) satisfies ContactRecord;

  it("picks the oldest active contact with a chat that lists the category", () => {
    const contacts = [contact(3, ["roads"]), contact(1, ["roads"], null), contact(2, ["roads", "parks"])];
    assert.equal(chooseContact(contacts, "roads")?.id, 2);
    assert.equal(chooseContact([contact(1, ["roads"], "sl:1", false)], "roads"), undefined);
    assert.deepEqual(unroutedCodes(["roads", "parks", "snow"], contacts), ["snow"]);
  });
});

describe("input limits", () => {
  it("reads coordinates, durations, keywords and codes", () => {
    assert.deepEqual(parseAt("60.1699,24.9384"), { lat: 60.1699, long: 24.9384 });
    assert.deepEqual(parseAt("-33.86 151.21"), { lat: -33.86, long: 151.21 });
    assert.equal(
      refusal(() => parseAt("91,0")),
      "requests:errors.badAt",
    );
    assert.equal(
      refusal(() => parseAt("here")),
      "requests:errors.badAt",
    );
    assert.equal(parseExpect("3 days"), 4320);
    assert.equal(parseExpect("48h"), 2880);
    assert.equal(parseExpect("3 päivää"), 4320);
    assert.equal(
      refusal(() => parseExpect("soon")),
      "requests:errors.badExpect",
    );
    assert.deepEqual(parseKeywords(" Pothole, asphalt ,pothole"), ["pothole", "asphalt"]);
    assert.deepEqual(parseCodeList("roads, lighting roads"), ["roads", "lighting"]);
    assert.equal(checkCode("Roads"), "roads");
    assert.equal(
      refusal(() => checkCode("status")),
      "requests:errors.reservedCode",
    );
    assert.equal(
      refusal(() => checkCode("two words")),
      "requests:errors.badCode",
    );
  });
});

describe("Open311 filters and formats", () => {
  const now = new Date("2026-12-31T00:00:00Z");
  const params = (query: string) => new URLSearchParams(query);
  const status = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof Open311Error) return error.status;
      throw error;
    }
    return 200;
  };

  it("defaults to the last 90 days and reads the filters", () => {
    assert.deepEqual(parsePeriod(params(""), now), { from: new Date("2026-10-02T00:00:00Z"), to: undefined });
    assert.deepEqual(parsePeriod(params("start_date=2026-12-01T00:00:00Z&end_date=2026-12-02"), now), {
      from: new Date("2026-12-01T00:00:00Z"),
      to: new Date("2026-12-02T00:00:00Z"),
    });
    assert.deepEqual(parseRequestFilters(params("status=open,closed&service_code=roads"), now).codes, ["roads"]);
    assert.deepEqual(parseRequestFilters(params("service_request_id=k-1001,K-1002&status=open"), now).numbers, [
      "K-1001",
      "K-1002",
    ]);
    assert.equal(
      status(() => parseRequestFilters(params("status=pending"), now)),
      400,
    );
    assert.equal(
      status(() => parsePeriod(params("start_date=yesterday"), now)),
      400,
    );
    assert.equal(
      status(() => parsePeriod(params("start_date=2026-12-02&end_date=2026-12-01"), now)),
      400,
    );
  });

  it("keeps a period within the spec's 90 days, and service codes in any case", () => {
    assert.deepEqual(parsePeriod(params("start_date=2026-08-01T00:00:00Z"), now), {
      from: new Date("2026-08-01T00:00:00Z"),
      to: new Date("2026-10-30T00:00:00Z"),
    });
    assert.equal(
      status(() => parsePeriod(params("start_date=2026-09-01T00:00:00Z&end_date=2026-12-01T00:00:01Z"), now)),
      400,
    );
    assert.equal(
      status(() => parsePeriod(params("start_date=2026-09-02T00:00:00Z&end_date=2026-12-01T00:00:00Z"), now)),
      200,
    );
    assert.deepEqual(parseRequestFilters(params("service_code=Roads,PARKS"), now).codes, ["roads", "parks"]);
  });

  it("writes GeoReport v2 field names, times in the community's zone", () => {
    assert.equal(datetime(new Date("2026-12-01T08:00:00Z"), "Europe/Helsinki"), "2026-12-01T10:00:00+02:00");
    const service = serviceJson({
      id: 1,
      communityId: "c",
      code: "roads",
      name: "Roads",
      keywords: ["pothole"],
      description: null,
      expectMinutes: null,
      fields: [],
      active: true,
    });
    assert.deepEqual(Object.keys(service), [
      "service_code",
      "service_name",
      "description",
      "metadata",
      "type",
      "keywords",
      "group",
    ]);
    const json = requestJson({
      view: {
        request: {
          id: 1,
          communityId: "c",
          number: "K-1001",
          categoryId: 1,
          contactId: 1,
          description: "Hole",
          address: "Main street 1",
          placeName: null,
          lat: 60.1,
          long: 24.9,
          addressId: null,
          mediaUrl: null,
          status: "fixed",
          subStatus: null,
          anonymous: false,
          residentPersonId: "p1",
          originChatId: "tg:kallio",
          originIdentityId: "tg:bob",
          source: "chat",
          supportCount: 0,
          overdueLevel: 0,
          taskId: null,
          acknowledgedAt: null,
          fixedAt: null,
          closedAt: null,
          createdAt: new Date("2026-12-01T08:00:00Z"),
          updatedAt: new Date("2026-12-02T08:00:00Z"),
        },
        category: { code: "roads", name: "Roads", expectMinutes: null },
        contactName: "City roads",
        communityName: "Kallio",
        residentName: "bob",
        photoUrls: ["https://bot.example.org/media/abc"],
        unlinkedPhotos: 0,
      },
      statusNotes: "Filled",
      serviceNotice: null,
      timezone: "Europe/Helsinki",
    });
    assert.equal(json.status, "closed");
    assert.equal(json.requested_datetime, "2026-12-01T10:00:00+02:00");
    assert.equal(json.agency_responsible, "City roads");
    // A photo sent in the chat is the request's media_url, through the bot's unguessable link.
    assert.equal(json.media_url, "https://bot.example.org/media/abc");
    // The resident is never in the output.
    assert.doesNotMatch(JSON.stringify(json), /bob|tg:|p1/);
  });
});
