// Talkoot on Discord end to end: the real discord.js client and the real core
// (buildApp, on SQLite and PostgreSQL) against the fake Discord. Every command
// is registered in the guild at start (the fake checks them as Discord does);
// people then set the community up with slash commands, give roles with a
// user option, change the language, and get a link code only they can see.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typedCommands } from "../../../src/core/typed-commands.js";
import { MANAGE_GUILD, privateTexts, sharedBotMessages, visibleText } from "../../adapters/discord/support.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { forEachDatabase } from "../../support/databases.js";
import { ask, type DiscordApp, startDiscordApp } from "./support.js";

forEachDatabase("discord commands", (getDatabase) => {
  let fake: FakeDiscord;
  let dc: DiscordApp;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
    dc = await startDiscordApp(getDatabase().url, fake);
    dc.world.channel("general");
    dc.world.channel("officials");
  });

  afterAll(async () => {
    await dc.close();
    await fake.stop();
  });

  const admin = { user: "alice", memberPermissions: MANAGE_GUILD };

  const discordMessagesIn = (channelId: string) =>
    fake.messagesIn(channelId).filter((m) => m.authorId === fake.botUserId);

  it("registers every visible command in the guild, accepted by Discord's rules, with Finnish and Swedish", () => {
    const registered = fake.guildCommands(dc.world.guildId);
    const declared = typedCommands(dc.app.router.listCommands()).map((c) => c.name);
    assert.deepEqual(registered.map((c) => c.name).sort(), [...declared].sort());
    for (const command of registered) {
      const localizations = command.description_localizations as Record<string, string>;
      assert.ok(localizations.fi && localizations["sv-SE"], `/${String(command.name)} is localised`);
    }
    const task = registered.find((c) => c.name === "task")!;
    const add = (task.options as Array<{ name: string; options: Array<{ name: string; required?: boolean }> }>).find(
      (o) => o.name === "add",
    )!;
    assert.deepEqual(
      add.options.map((o) => o.name),
      ["title", "when", "until", "slots", "where", "repeat", "note", "cutoff", "roles"],
    );
    // `/task add` has a form, so Discord lets it be sent bare (the form asks for the title).
    assert.equal(add.options[0]!.required, false);
    assert.equal(dc.adapter.isReady(), true);
  });

  it("answers /help with every command", async () => {
    const { text, message } = await ask(fake, dc.world, { user: "bob", channel: "general", name: "help" });
    for (const name of ["/task", "/poll", "/request", "/setup", "/role", "/lang", "/link"])
      assert.ok(text.includes(name), name);
    assert.equal(message.ephemeralTo, null);
  });

  it("sets the community up for a member who manages the server, and refuses others", async () => {
    const refused = await ask(fake, dc.world, {
      user: "bob",
      channel: "general",
      name: "setup",
      subcommand: "community",
      options: { name: "Kallio" },
    });
    assert.match(refused.text, /chat admin|admin/i);
    const made = await ask(fake, dc.world, {
      ...admin,
      channel: "general",
      name: "setup",
      subcommand: "community",
      options: { name: "Kallio Friends", timezone: "Europe/Helsinki" },
    });
    assert.match(made.text, /“Kallio Friends” is set up/);
  });

  it("links a second channel as the officials' chat with an invite code", async () => {
    const invite = await ask(fake, dc.world, { ...admin, channel: "general", name: "setup", subcommand: "invite" });
    const code = /Invite code: (\S+)/.exec(invite.text)?.[1];
    assert.ok(code, invite.text);
    const joined = await ask(fake, dc.world, {
      ...admin,
      channel: "officials",
      name: "setup",
      subcommand: "join",
      options: { code, officials: true },
    });
    assert.match(joined.text, /officials' chat of “Kallio Friends”/);
  });

  it("gives a role to the member picked from the suggestions", async () => {
    // Bob has to have said something in a community chat first.
    await ask(fake, dc.world, { user: "bob", channel: "general", name: "task", subcommand: "list" });
    const typing = fake.autocomplete({
      name: "role",
      channelId: dc.world.channel("general"),
      userId: dc.world.user("alice"),
      memberPermissions: MANAGE_GUILD,
      options: { user: "bo", role: "coordinator" },
      focused: "user",
    });
    await typing.waitForCallback(5_000);
    expect(typing.record.choices).toEqual([
      { name: "Bob (discord @bob)", value: `<@discord:${dc.world.user("bob")}>` },
    ]);
    const { text } = await ask(fake, dc.world, {
      ...admin,
      channel: "general",
      name: "role",
      options: { user: `<@discord:${dc.world.user("bob")}>`, role: "coordinator" },
    });
    assert.match(text, /Bob is now coordinator in “Kallio Friends”/);
  });

  it("changes the language for the chat and for one person", async () => {
    const fi = await ask(fake, dc.world, { ...admin, channel: "general", name: "lang", options: { language: "fi" } });
    assert.match(fi.text, /suomea/i);
    const mine = await ask(fake, dc.world, {
      user: "bob",
      channel: "general",
      name: "lang",
      options: { language: "en", me: true },
    });
    assert.match(mine.text, /I will speak English with you/);
    const back = await ask(fake, dc.world, { ...admin, channel: "general", name: "lang", options: { language: "en" } });
    assert.match(back.text, /This chat now speaks English/);
  });

  it("shows a /link code only to the person who asked", async () => {
    const before = sharedBotMessages(fake, dc.world.channel("general")).length;
    const { message, text } = await ask(fake, dc.world, { user: "bob", channel: "general", name: "link" });
    assert.equal(message.ephemeralTo, dc.world.user("bob"));
    assert.match(text, /Your link code: [A-Z0-9-]+/);
    assert.equal(sharedBotMessages(fake, dc.world.channel("general")).length, before, "nothing new for everyone");
    assert.match(privateTexts(fake, dc.world.user("bob")).join("\n"), /Your link code/);
  });

  it("offers the community's categories as the person types, within the deadline", async () => {
    await ask(fake, dc.world, {
      ...admin,
      channel: "general",
      name: "setup",
      group: "category",
      subcommand: "add",
      options: { code: "roads", name: "Roads and streets" },
    });
    await ask(fake, dc.world, {
      ...admin,
      channel: "general",
      name: "setup",
      group: "category",
      subcommand: "add",
      options: { code: "lighting", name: "Street lighting" },
    });
    const handle = fake.autocomplete({
      name: "request",
      subcommand: "file",
      channelId: dc.world.channel("general"),
      userId: dc.world.user("carl"),
      options: { category: "light" },
      focused: "category",
    });
    await handle.waitForCallback(5_000);
    expect(handle.record.choices).toEqual([{ name: "lighting — Street lighting", value: "lighting" }]);
    assert.deepEqual(handle.record.rejectedCallbacks, []);
  });

  it("answers in a thread, which belongs to its channel's community, and posts notices into it", async () => {
    const general = dc.world.channel("general");
    const thread = fake.channelCreate({ guildId: dc.world.guildId, name: "cleanup-day", type: 11, parentId: general });
    const handle = fake.slashCommand({
      name: "task",
      subcommand: "list",
      channelId: thread.id,
      userId: dc.world.user("bob"),
    });
    const answer = await handle.waitForOriginal(undefined, 15_000);
    assert.equal(answer.channelId, thread.id);
    assert.doesNotMatch(visibleText(answer), /not linked|setup community/i, "the thread is in Kallio Friends");
    await dc.app.delivery.send(
      { platform: "discord", chatId: `discord:${dc.world.guildId}:${general}`, threadId: thread.id },
      { text: "into the thread" },
    );
    assert.ok(discordMessagesIn(thread.id).some((m) => /into the thread/.test(visibleText(m))));
  });

  describe("echoed text", () => {
    it("pings no one, whatever was typed", async () => {
      const { message, text } = await ask(fake, dc.world, {
        user: "carl",
        channel: "general",
        name: "help",
        options: { command: "@everyone" },
      });
      assert.match(text, /There is no command/);
      assert.deepEqual(message.allowedMentions, { parse: [] });
      assert.equal(fake.pingedNoOne(message), true);
      for (const m of fake.botMessages) assert.deepEqual((m.allowedMentions?.parse as unknown[]) ?? [], []);
    });
  });

  it("never answered an interaction late or twice", () => {
    const refused = fake.calls.filter((c) => c.errorCode === 10062 || c.errorCode === 40060);
    assert.deepEqual(refused, []);
  });
});
