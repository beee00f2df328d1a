// Seeding categories and contacts from TALKOOT_CONFIG_FILE (YAML or JSON), on
// both databases: applied once it creates, applied again it changes nothing;
// a bad file is refused with one line per problem; the bot applies it at start.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { ConfigFileError, loadRequestsConfig } from "../../../src/domain/requests/index.js";
import { forEachDatabase } from "../../support/databases.js";
import { cardIn, type RequestsTestApp, startRequestsApp } from "./harness.js";

const YAML = `
communities:
  - community: Kallio
    requestPrefix: KA
    supportThreshold: 2
    categories:
      - code: Lighting
        name: Street lighting
        keywords: [streetlight, lamp]
        expect: 3 days
        fields:
          - { code: pole, description: Number on the pole, datatype: string }
      - code: roads
        name: Roads and streets
        keywords: pothole, asphalt
        expect: 2880
    contacts:
      - name: City lighting
        categories: [lighting]
        email: light@city.example
        chat: tg:kallio
      - name: Roads team
        categories: roads
  - community: Nowhere
    categories: []
`;

forEachDatabase("request config file", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  const dir = mkdtempSync(join(tmpdir(), "talkoot-config-"));
  const file = join(dir, "talkoot.config.yaml");
  let h: RequestsTestApp;

  beforeAll(async () => {
    writeFileSync(file, YAML);
    h = await startRequestsApp(getDatabase().url, { clock });
    await h.say(h.tg, "kallio", "alice", "/setup community Kallio", true);
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("seeds categories and contacts, and applying it again changes nothing", async () => {
    const first = await loadRequestsConfig(file, h.app.modules.requests.services);
    assert.deepEqual(first.applied, [
      {
        community: "Kallio",
        categories: { created: 2, updated: 0, unchanged: 0 },
        contacts: { created: 2, updated: 0, unchanged: 0 },
      },
    ]);
    assert.deepEqual(first.skipped, ["Nowhere"]);
    const snapshot = async () => ({
      categories: await h.db.serviceCategory.findMany({ orderBy: { id: "asc" } }),
      contacts: await h.db.contact.findMany({ orderBy: { id: "asc" } }),
    });
    const before = await snapshot();
    const again = await loadRequestsConfig(file, h.app.modules.requests.services);
    assert.deepEqual(again.applied[0]?.categories, { created: 0, updated: 0, unchanged: 2 });
    assert.deepEqual(again.applied[0]?.contacts, { created: 0, updated: 0, unchanged: 2 });
    assert.deepEqual(await snapshot(), before);

    const lighting = before.categories.find((c) => c.code === "lighting")!;
    assert.deepEqual([lighting.keywords, lighting.expectMinutes], ["streetlight,lamp", 4320]);
    assert.deepEqual(JSON.parse(lighting.fields), [
      { code: "pole", description: "Number on the pole", datatype: "string", required: false },
    ]);
    const roadsTeam = before.contacts.find((c) => c.name === "Roads team")!;
    assert.equal(roadsTeam.chatId, null);
  });

  it("routes by the seeded contacts, numbers with the seeded prefix", async () => {
    assert.match(await h.say(h.tg, "kallio", "bob", "/request lighting Dark corner"), /number is KA-1001/);
    await h.settle();
    assert.ok(cardIn(h.tg, "kallio", "KA-1001"), "the contact's chat (here the home chat) got the card");
    // Roads team has no chat yet: its category goes to the admins.
    assert.match(await h.say(h.tg, "kallio", "bob", "/request roads Hole"), /the admins will pass it on/);
  });

  it("refuses a bad file with one line per problem", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        communities: [
          {
            community: "Kallio",
            categories: [{ code: "status", name: "" }],
            contacts: [{ name: "X", categories: ["nope"], email: "not-an-address" }],
          },
        ],
      }),
    );
    await assert.rejects(loadRequestsConfig(bad, h.app.modules.requests.services), (error: unknown) => {
      assert.ok(error instanceof ConfigFileError);
      assert.ok(error.lines.some((l) => /communities\.0\.categories\.0\.code is a \/request subcommand/.test(l)));
      assert.ok(error.lines.some((l) => /communities\.0\.categories\.0\.name/.test(l)));
      assert.ok(error.lines.some((l) => /communities\.0\.contacts\.0\.email/.test(l)));
      return true;
    });
    writeFileSync(bad, "communities: [ {");
    await assert.rejects(loadRequestsConfig(bad, h.app.modules.requests.services), /not valid YAML or JSON/);
    await assert.rejects(
      loadRequestsConfig(join(dir, "missing.yaml"), h.app.modules.requests.services),
      /cannot read it/,
    );
  });

  it("is applied when the bot starts with TALKOOT_CONFIG_FILE", async () => {
    await h.db.serviceCategory.updateMany({ where: { code: "roads" }, data: { name: "Changed by hand" } });
    const second = await startRequestsApp(getDatabase().url, { clock, configFile: file });
    try {
      const roads = await second.db.serviceCategory.findFirstOrThrow({ where: { code: "roads" } });
      assert.equal(roads.name, "Roads and streets");
    } finally {
      await second.close();
    }
  });
});
