// Requests across platforms with Discord on either end, in one bot with three
// real SDKs (discord.js, Bolt in Socket Mode, grammY) against their fakes:
//   Kallio lives on Discord, its officials on Slack: a resident files with the
//   category picked from the suggestions; the card reaches the Slack channel;
//   Acknowledge and Resolve there reach the resident on Discord, in order.
//   Vallila lives on Telegram, its officials on Discord: the card reaches a
//   Discord channel with buttons; the officials' presses there reach the
//   resident on Telegram, in order.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import { commandMenuOf } from "../../../adapters/telegram/command-menu.js";
import { TelegramAdapter } from "../../../adapters/telegram/telegram-adapter.js";
import type { App } from "../../../src/app.js";
import { buttonsOf, MANAGE_GUILD, visibleText } from "../../adapters/discord/support.js";
import { botMessages, FakeWorkspace, findButton, visibleText as slackText } from "../../adapters/slack/support.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { FakeTelegram, type RecordedCall } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { RELAXED_THROTTLE, say, silentLogger, uniqueFirstUpdateId } from "../telegram/support.js";
import { ask, type DiscordApp, FLOW_FAKE, press, startDiscordApp } from "./support.js";

const GROUP = -1001000000666;
const ALICE = 311; // created the Telegram group
const BRITA = 312; // a resident on Telegram

forEachDatabase("requests with Discord on either end", (getDatabase) => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let workspace: FakeWorkspace;
  let tg: FakeTelegram;
  let dc: DiscordApp;
  let cityOnSlack: string;

  beforeAll(async () => {
    discord = await FakeDiscord.start(FLOW_FAKE);
    slack = await FakeSlack.start({ teamId: "T0CITY" });
    workspace = new FakeWorkspace(slack);
    cityOnSlack = workspace.channel("street-lighting");
    workspace.user("olli", { admin: true, realName: "Olli Official" });
    tg = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: "vallila_bot" });
    tg.addChat({ id: GROUP, type: "supergroup", title: "Vallila" });
    tg.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
    tg.addUser({ id: BRITA, first_name: "Brita", username: "brita" });
    tg.setMember(GROUP, ALICE, "creator");
    tg.setMember(GROUP, BRITA, "member");

    let built: App | undefined;
    const app = () => built!;
    const isCommand = (name: string) =>
      app()
        .router.listCommands()
        .some((c) => c.name === name || c.aliases?.includes(name));
    const telegram = new TelegramAdapter({
      token: tg.token,
      apiRoot: tg.apiRoot,
      logger: silentLogger,
      throttle: RELAXED_THROTTLE,
      state: { get: (k) => app().store.adapterState.get(k), set: (k, v) => app().store.adapterState.set(k, v) },
      commandMenu: (locale) => commandMenuOf(() => app().router.listCommands(), app().translator)(locale),
      isCommand,
    });
    const slackAdapter = new SlackAdapter({
      botToken: slack.botToken,
      appToken: slack.appToken,
      apiUrl: slack.slackApiUrl,
      logger: silentLogger,
      // Bolt reconnects when a ping goes unanswered this long; a loaded machine needs more than 300 ms.
      socketPingTimeoutMs: 2_000,
      isCommand,
    });
    dc = await startDiscordApp(getDatabase().url, discord, {
      others: [telegram, slackAdapter],
      configure: (made) => {
        built = made;
      },
    });
  });

  afterAll(async () => {
    await dc.close();
    await discord.stop();
    await slack.stop();
    await tg.stop();
  });

  async function inSlack(text: string): Promise<string> {
    const olli = workspace.user("olli");
    const before = botMessages(slack, cityOnSlack).length + slack.ephemeralsFor(cityOnSlack, olli).length;
    await slack.slashCommand("socket", { command: "/talkoot", text, userId: olli, channelId: cityOnSlack });
    await slack.waitFor(
      () => botMessages(slack, cityOnSlack).length + slack.ephemeralsFor(cityOnSlack, olli).length > before,
      20_000,
      `an answer to ${text}`,
    );
    const newest = [...botMessages(slack, cityOnSlack)].at(-1);
    return newest ? slackText(slack, newest) : "";
  }

  const discordPosts = (channel: string, pattern: RegExp) =>
    discord.botMessages.filter((m) => m.channelId === dc.world.channel(channel) && pattern.test(visibleText(m)));

  describe("a Discord community with its officials on Slack", () => {
    const aino = { user: "aino", channel: "general", memberPermissions: MANAGE_GUILD };
    let number = "";

    it("links the Slack channel as the officials' chat and routes a category there", async () => {
      await ask(discord, dc.world, { ...aino, name: "setup", subcommand: "community", options: { name: "Kallio" } });
      const invite = await ask(discord, dc.world, { ...aino, name: "setup", subcommand: "invite" });
      const code = /Invite code: (\S+)/.exec(invite.text)?.[1];
      assert.ok(code, invite.text);
      assert.match(await inSlack(`setup join ${code} --officials`), /officials' chat of “Kallio”/);
      const olli = `<@slack:T0CITY:${workspace.user("olli")}>`;
      const role = await ask(discord, dc.world, { ...aino, name: "role", options: { user: olli, role: "admin" } });
      assert.match(role.text, /Olli Official is now admin/);
      await ask(discord, dc.world, {
        ...aino,
        name: "setup",
        group: "category",
        subcommand: "add",
        options: { code: "lighting", name: "Street lighting" },
      });
      assert.match(await inSlack('setup contact add "City lighting" --categories lighting'), /City lighting/);
    });

    it("a resident files with the category from the suggestions; the card reaches Slack", async () => {
      const typing = discord.autocomplete({
        name: "request",
        subcommand: "file",
        channelId: dc.world.channel("general"),
        userId: dc.world.user("bob"),
        options: { category: "lig" },
        focused: "category",
      });
      await typing.waitForCallback(5_000);
      const choice = typing.record.choices?.[0];
      assert.equal(choice?.value, "lighting");
      const filed = await ask(discord, dc.world, {
        user: "bob",
        channel: "general",
        name: "request",
        subcommand: "file",
        options: {
          category: String(choice!.value),
          description: "Streetlight out at the corner",
          where: "Main street 1",
        },
      });
      number = /([A-Z]+-\d+)/.exec(filed.text)?.[1] ?? "";
      assert.ok(number, filed.text);
      const card = await slack.waitFor(
        () => botMessages(slack, cityOnSlack).find((m) => slackText(slack, m).includes(number)),
        20_000,
        "the request card",
      );
      assert.match(slackText(slack, card), /Streetlight out at the corner/);
    });

    it("Acknowledge and Resolve in Slack reach the resident on Discord, in order", async () => {
      const olli = workspace.user("olli");
      const ack = findButton(slack, cityOnSlack, "Acknowledge");
      await slack.pressButton("socket", cityOnSlack, ack.message.ts, olli, ack.actionId);
      const acknowledged = await discord.waitFor(
        () => discordPosts("general", new RegExp(`${number}.*acknowledged`, "s"))[0],
        20_000,
        "the acknowledgement on Discord",
      );
      assert.ok(acknowledged.content.includes(`<@${dc.world.user("bob")}>`), "the resident is mentioned");
      assert.deepEqual(acknowledged.pings.users, [dc.world.user("bob")], "and only the resident is pinged");
      const resolve = findButton(slack, cityOnSlack, "Resolve");
      await slack.pressButton("socket", cityOnSlack, resolve.message.ts, olli, resolve.actionId);
      const fixed = await discord.waitFor(
        () => discordPosts("general", new RegExp(`${number}.*fixed`, "s"))[0],
        20_000,
        "the fix on Discord",
      );
      assert.ok(BigInt(fixed.id) > BigInt(acknowledged.id), "acknowledged before fixed");
    });
  });

  describe("a Telegram community with its officials on Discord", () => {
    const kaisa = { user: "kaisa", channel: "city", memberPermissions: MANAGE_GUILD };
    let number = "";

    /** The first message to the Telegram group, after call index `since`, whose text matches. */
    const groupMessage = (since: number, pattern: RegExp): Promise<RecordedCall> =>
      tg.waitFor(
        (c) =>
          c.method === "sendMessage" &&
          tg.calls.indexOf(c) >= since &&
          String(c.params.chat_id) === String(GROUP) &&
          pattern.test(String(c.params.text)),
        20_000,
      );

    it("links a Discord channel as the officials' chat", async () => {
      await say(tg, GROUP, ALICE, "/setup community Vallila");
      const invite = await say(tg, GROUP, ALICE, "/setup invite");
      const code = /Invite code: (\S+)/.exec(invite.text)?.[1];
      assert.ok(code, invite.text);
      const joined = await ask(discord, dc.world, {
        ...kaisa,
        name: "setup",
        subcommand: "join",
        options: { code, officials: true },
      });
      assert.match(joined.text, /officials' chat of “Vallila”/);
      assert.match((await say(tg, GROUP, ALICE, "/role @kaisa admin")).text, /Kaisa is now admin/);
      await say(tg, GROUP, ALICE, '/setup category add potholes "Potholes"');
      const contact = await ask(discord, dc.world, {
        ...kaisa,
        name: "setup",
        group: "contact",
        subcommand: "add",
        options: { name: "Street works", categories: "potholes" },
      });
      assert.match(contact.text, /Street works/);
    });

    it("a request filed on Telegram reaches the Discord channel as a card with buttons", async () => {
      const filed = await say(tg, GROUP, BRITA, "/request potholes Deep hole by the school");
      number = /([A-Z]+-\d+)/.exec(filed.text)?.[1] ?? "";
      assert.ok(number, filed.text);
      const card = await discord.waitFor(
        () => discordPosts("city", new RegExp(number))[0],
        20_000,
        "the card on Discord",
      );
      assert.match(visibleText(card), /Deep hole by the school/);
      assert.ok(buttonsOf(card).some((b) => b.label === "Acknowledge"));
    });

    it("the officials' presses on Discord reach the resident on Telegram, in order", async () => {
      const since = tg.calls.length;
      const ack = press(discord, dc.world, "kaisa", "city", "Acknowledge");
      await ack.waitForCallback(5_000);
      const acknowledged = await groupMessage(since, new RegExp(`${number}.*acknowledged`, "s"));
      const resolve = press(discord, dc.world, "kaisa", "city", "Resolve");
      await resolve.waitForCallback(5_000);
      const fixed = await groupMessage(since, new RegExp(`${number}.*fixed`, "s"));
      assert.ok(tg.calls.indexOf(fixed) > tg.calls.indexOf(acknowledged), "acknowledged before fixed");
      assert.deepEqual([...ack.record.rejectedCallbacks, ...resolve.record.rejectedCallbacks], []);
    });
  });
});
