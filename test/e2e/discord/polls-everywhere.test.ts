// One poll across Discord and Telegram, in one bot with both SDKs: the
// community lives on Discord, a Telegram group is linked to it; a person has
// linked their Discord and Telegram accounts with /link. A coordinator asks
// with --everywhere on Discord; the copy goes to the Telegram group; the
// linked person presses on both platforms and is counted once, next to a
// Telegram member's vote, on both copies.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it, vi } from "vitest";
import { commandMenuOf } from "../../../adapters/telegram/command-menu.js";
import { TelegramAdapter } from "../../../adapters/telegram/telegram-adapter.js";
import type { App } from "../../../src/app.js";
import { MANAGE_GUILD, visibleText } from "../../adapters/discord/support.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { RELAXED_THROTTLE, say, silentLogger, uniqueFirstUpdateId, visible } from "../telegram/support.js";
import { ask, type DiscordApp, FLOW_FAKE, press, startDiscordApp } from "./support.js";

const GROUP = -1001000000444;
const AINO_TG = 411; // Aino's Telegram account
const TEEMU = 412; // only on Telegram

forEachDatabase("a poll everywhere, Discord and Telegram", (getDatabase) => {
  let discord: FakeDiscord;
  let tg: FakeTelegram;
  let dc: DiscordApp;
  let pollId = 0;

  beforeAll(async () => {
    discord = await FakeDiscord.start(FLOW_FAKE);
    tg = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: "kallio_bot" });
    tg.addChat({ id: GROUP, type: "supergroup", title: "Kallio on Telegram" });
    tg.addUser({ id: AINO_TG, first_name: "Aino", username: "aino_tg", startedBot: true });
    tg.addUser({ id: TEEMU, first_name: "Teemu", username: "teemu" });
    tg.setMember(GROUP, AINO_TG, "creator");
    tg.setMember(GROUP, TEEMU, "member");
    let built: App | undefined;
    const app = () => built!;
    const telegram = new TelegramAdapter({
      token: tg.token,
      apiRoot: tg.apiRoot,
      logger: silentLogger,
      throttle: RELAXED_THROTTLE,
      state: { get: (k) => app().store.adapterState.get(k), set: (k, v) => app().store.adapterState.set(k, v) },
      commandMenu: (locale) => commandMenuOf(() => app().router.listCommands(), app().translator)(locale),
    });
    dc = await startDiscordApp(getDatabase().url, discord, {
      others: [telegram],
      configure: (made) => {
        built = made;
      },
    });
  });

  afterAll(async () => {
    await dc.close();
    await discord.stop();
    await tg.stop();
  });

  it("links the Telegram group to the Discord community, and Aino's two accounts into one person", async () => {
    const aino = { user: "aino", channel: "general", memberPermissions: MANAGE_GUILD };
    await ask(discord, dc.world, { ...aino, name: "setup", subcommand: "community", options: { name: "Kallio" } });
    const invite = await ask(discord, dc.world, { ...aino, name: "setup", subcommand: "invite" });
    const code = /Invite code: (\S+)/.exec(invite.text)?.[1];
    assert.match((await say(tg, GROUP, AINO_TG, `/setup join ${code}`)).text, /linked to “Kallio”/);
    const link = await ask(discord, dc.world, { user: "aino", channel: "general", name: "link" });
    const linkCode = /Your link code: (\S+)/.exec(link.text)?.[1];
    assert.ok(linkCode, link.text);
    assert.match((await say(tg, AINO_TG, AINO_TG, `/link ${linkCode}`)).text, /your accounts are now one person/);
  });

  it("a poll asked on Discord with --everywhere also goes to the Telegram group", async () => {
    const asked = await ask(discord, dc.world, {
      user: "aino",
      channel: "general",
      name: "poll",
      subcommand: "create",
      options: { question: "Which day?", option1: "Sat", option2: "Sun", everywhere: true },
    });
    pollId = Number(/Poll #(\d+)/.exec(asked.text)?.[1]);
    assert.ok(pollId, asked.text);
    await tg.waitFor(
      (c) =>
        c.method === "sendMessage" &&
        String(c.params.chat_id) === String(GROUP) &&
        /Which day\?/.test(String(c.params.text)),
      20_000,
    );
  });

  it("counts the linked person once, whichever platform they press on", async () => {
    const onDiscord = press(discord, dc.world, "aino", "general", "Sat");
    await onDiscord.waitForCallback(5_000);
    const copy = tg.messagesIn(GROUP).find((m) => /Which day\?/.test(visible(m).text))!;
    const buttons = copy.reply_markup!.inline_keyboard.flat() as Array<{ text: string; callback_data: string }>;
    const sat = buttons.find((b) => b.text === "Sat")!;
    const sun = buttons.find((b) => b.text === "Sun")!;
    // From Telegram Aino presses Sun: the same person, so her one vote moves (single choice); Teemu takes Sat.
    tg.pressButton(GROUP, copy.message_id, AINO_TG, sun.callback_data);
    tg.pressButton(GROUP, copy.message_id, TEEMU, sat.callback_data);
    const votes = await vi.waitFor(
      async () => {
        const rows = await getDatabase().db.vote.findMany({ where: { pollId } });
        const options = await getDatabase().db.pollOption.findMany({ where: { pollId }, orderBy: { position: "asc" } });
        const byPerson = new Map(rows.map((r) => [r.personId, options.find((o) => o.id === r.optionId)!.text]));
        if (rows.length !== 2 || byPerson.size !== 2 || ![...byPerson.values()].includes("Sun")) {
          throw new Error(JSON.stringify([...byPerson]));
        }
        return byPerson;
      },
      { timeout: 20_000, interval: 25 },
    );
    assert.deepEqual([...votes.values()].sort(), ["Sat", "Sun"], "Aino's one vote moved to Sun; Teemu's is Sat");
    await discord.waitFor(
      () =>
        discord.botMessages.find((m) => /Which day\?/.test(visibleText(m)) && /2 people voted/.test(visibleText(m))),
      20_000,
      "the Discord card shows two voters",
    );
  });
});
