// /mydata and /forgetme on Discord, end to end: discord.js against the fake
// Discord. In a server channel, /mydata sends the JSON export as a file to
// the member's DM and answers the interaction only to them; /forgetme with
// the confirm option erases them.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { MANAGE_GUILD, privateTexts, visibleText } from "../../adapters/discord/support.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { forEachDatabase } from "../../support/databases.js";
import { ask, type DiscordApp, FLOW_FAKE, startDiscordApp } from "./support.js";

forEachDatabase("discord privacy", (getDatabase) => {
  let fake: FakeDiscord;
  let dc: DiscordApp;
  const identityId = () => `discord:${dc.world.user("bob")}`;

  beforeAll(async () => {
    fake = await FakeDiscord.start(FLOW_FAKE);
    dc = await startDiscordApp(getDatabase().url, fake);
    dc.world.channel("general");
    await ask(fake, dc.world, {
      user: "alice",
      memberPermissions: MANAGE_GUILD,
      channel: "general",
      name: "setup",
      subcommand: "community",
      options: { name: "Kallio" },
    });
    await ask(fake, dc.world, { user: "bob", channel: "general", name: "help" });
  });

  afterAll(async () => {
    await dc.close();
    await fake.stop();
  });

  it("/mydata sends the export as a JSON file to his DM, and answers only him", async () => {
    const { message } = await ask(fake, dc.world, { user: "bob", channel: "general", name: "mydata" });
    assert.equal(message.ephemeralTo, dc.world.user("bob"));
    assert.match(visibleText(message), /I sent your data to our direct chat/);
    const dm = fake.dmChannelWith(dc.world.user("bob"));
    assert.ok(dm);
    const file = fake.messagesIn(dm.id).flatMap((m) => m.attachments)[0];
    assert.ok(file, "a file in his DM");
    assert.match(file.filename, /^talkoot-mydata-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(file.bytes.toString("utf8"));
    assert.equal(exported.format, "talkoot.mydata/1");
    assert.deepEqual(
      exported.people.identities.map((i: { id: string }) => i.id),
      [identityId()],
    );
  });

  it("/forgetme asks only him; with confirm it erases him", async () => {
    const asked = await ask(fake, dc.world, { user: "bob", channel: "general", name: "forgetme" });
    assert.equal(asked.message.ephemeralTo, dc.world.user("bob"));
    assert.match(asked.text, /This cannot be undone/);
    const db = dc.app.database.db;
    assert.equal(await db.identity.count({ where: { id: identityId() } }), 1);
    await ask(fake, dc.world, { user: "bob", channel: "general", name: "forgetme", options: { confirm: "confirm" } });
    await fake.waitFor(
      () => privateTexts(fake, dc.world.user("bob")).find((text) => /You are erased/.test(text)),
      15_000,
      "the erasure's answer",
    );
    assert.equal(await db.identity.count({ where: { id: identityId() } }), 0);
  });
});
