// The third job of Talkoot across two real SDKs in one bot: a resident files
// a request in a Telegram group (grammY against the fake Bot API); it reaches
// the city's Slack channel (Bolt in Socket Mode against the fake Slack) as a
// Block Kit card; Acknowledge and Resolve pressed there reach the resident in
// the Telegram group, in order; `/request status` shows the history.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { slackChatId } from "../../../adapters/slack/ids.js";
import { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import { commandMenuOf } from "../../../adapters/telegram/command-menu.js";
import { TelegramAdapter } from "../../../adapters/telegram/telegram-adapter.js";
import { type App, buildApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { botMessages, FakeWorkspace, findButton, visibleText } from "../../adapters/slack/support.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { FakeTelegram, type RecordedCall } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { RELAXED_THROTTLE, say, silentLogger, uniqueFirstUpdateId } from "../telegram/support.js";

const GROUP = -1001000000555;
const ALICE = 301; // created the Telegram group
const BOB = 302; // the resident

forEachDatabase("a request from Telegram handled in Slack", (getDatabase) => {
  let tg: FakeTelegram;
  let slack: FakeSlack;
  let workspace: FakeWorkspace;
  let city: string;
  let app: App;

  beforeAll(async () => {
    tg = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: "kallio_bot" });
    tg.addChat({ id: GROUP, type: "supergroup", title: "Kallio Friends" });
    tg.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
    tg.addUser({ id: BOB, first_name: "Bob", username: "bob" });
    tg.setMember(GROUP, ALICE, "creator");
    tg.setMember(GROUP, BOB, "member");
    slack = await FakeSlack.start({ teamId: "T0CITY" });
    workspace = new FakeWorkspace(slack);
    city = workspace.channel("street-lighting");
    workspace.user("olli", { admin: true, realName: "Olli Official" });

    let built: App | undefined;
    const router = () => built!.router;
    const isCommand = (name: string) =>
      router()
        .listCommands()
        .some((c) => c.name === name || c.aliases?.includes(name));
    const telegram = new TelegramAdapter({
      token: tg.token,
      apiRoot: tg.apiRoot,
      logger: silentLogger,
      throttle: RELAXED_THROTTLE,
      state: { get: (k) => built!.store.adapterState.get(k), set: (k, v) => built!.store.adapterState.set(k, v) },
      commandMenu: (locale) => commandMenuOf(() => router().listCommands(), built!.translator)(locale),
      isCommand,
    });
    const slackAdapter = new SlackAdapter({
      botToken: slack.botToken,
      appToken: slack.appToken,
      apiUrl: slack.slackApiUrl,
      logger: silentLogger,
      socketPingTimeoutMs: 300,
      isCommand,
    });
    built = await buildApp({
      config: loadConfig({ DATABASE_URL: getDatabase().url, CONSOLE: "off" }),
      logger: silentLogger,
      adapters: [telegram, slackAdapter],
      timers: false,
    });
    app = built;
    await app.start();
  });

  afterAll(async () => {
    await app.stop();
    await tg.stop();
    await slack.stop();
  });

  /** Types `/talkoot <text>` in the city channel as olli; resolves with the bot's newest message there. */
  async function inSlack(text: string): Promise<string> {
    const before = botMessages(slack, city).length + slack.ephemeralsFor(city, workspace.user("olli")).length;
    await slack.slashCommand("socket", { command: "/talkoot", text, userId: workspace.user("olli"), channelId: city });
    await slack.waitFor(
      () => botMessages(slack, city).length + slack.ephemeralsFor(city, workspace.user("olli")).length > before,
      10_000,
      `an answer to ${text}`,
    );
    const newest = [...botMessages(slack, city)].at(-1);
    return newest ? visibleText(slack, newest) : "";
  }

  /** The first message to the Telegram group, sent after call index `since`, whose text matches. */
  function groupMessage(since: number, pattern: RegExp): Promise<RecordedCall> {
    return tg.waitFor(
      (c) =>
        c.method === "sendMessage" &&
        tg.calls.indexOf(c) >= since &&
        String(c.params.chat_id) === String(GROUP) &&
        pattern.test(String(c.params.text)),
      10_000,
    );
  }

  it("links the city's Slack channel to the Telegram community as its officials' chat", async () => {
    await say(tg, GROUP, ALICE, "/setup community Kallio");
    const invite = await say(tg, GROUP, ALICE, "/setup invite");
    const code = /Invite code: (\S+)/.exec(invite.text)?.[1];
    assert.ok(code, invite.text);
    assert.match(await inSlack(`setup join ${code} --officials`), /officials' chat of “Kallio”/);
    assert.match((await say(tg, GROUP, ALICE, "/role @olli admin")).text, /Olli Official is now admin/);
    assert.match(
      (await say(tg, GROUP, ALICE, '/setup category add lighting "Street lighting" --expect "3 days"')).text,
      /lighting/i,
    );
    assert.match(await inSlack('setup contact add "City lighting" --categories lighting'), /City lighting/);
  });

  let number = "";

  it("a request filed in the Telegram group reaches the Slack channel as a Block Kit card", async () => {
    const filed = await say(tg, GROUP, BOB, '/request lighting Streetlight out at the corner --where "Main street 1"');
    number = /([A-Z]+-\d+)/.exec(filed.text)?.[1] ?? "";
    assert.ok(number, filed.text);
    assert.match(filed.text, /City lighting/);
    const card = await slack.waitFor(
      () => botMessages(slack, city).find((m) => visibleText(slack, m).includes(number)),
      10_000,
      "the request card",
    );
    assert.ok(card.blocks?.length, "a Block Kit card");
    const text = visibleText(slack, card);
    assert.match(text, /Streetlight out at the corner/);
    assert.match(text, /Main street 1/);
    assert.ok(findButton(slack, city, "Acknowledge"));
  });

  it("Acknowledge and Resolve pressed in Slack reach the resident in Telegram, in order", async () => {
    const since = tg.calls.length;
    const olli = workspace.user("olli");
    const ack = findButton(slack, city, "Acknowledge");
    await slack.pressButton("socket", city, ack.message.ts, olli, ack.actionId);
    const acknowledged = await groupMessage(since, new RegExp(`${number}.*acknowledged`, "s"));
    assert.ok(String(acknowledged.params.text).includes(`tg://user?id=${BOB}`), "the resident is mentioned");

    const resolve = findButton(slack, city, "Resolve");
    await slack.pressButton("socket", city, resolve.message.ts, olli, resolve.actionId);
    const fixed = await groupMessage(since, new RegExp(`${number}.*fixed`, "s"));
    assert.ok(tg.calls.indexOf(fixed) > tg.calls.indexOf(acknowledged), "acknowledged before fixed");
  });

  it("/request status in Telegram shows the history", async () => {
    const status = await say(tg, GROUP, BOB, `/request status ${number}`);
    assert.match(status.text, /acknowledged/i);
    assert.match(status.text, /fixed/i);
  });

  it("five requests at once to one Slack channel keep to Slack's pace there: every card once, none refused", async () => {
    slack.enforceRateLimits(true);
    try {
      const since = slack.callsOf("chat.postMessage").length;
      const marks = ["P1", "P2", "P3", "P4", "P5"].map((m) => `Lamp ${m}X dark`);
      for (const mark of marks) tg.sendText(GROUP, BOB, `/request lighting ${mark}`);
      const cards = () =>
        botMessages(slack, city).filter((m) => marks.some((mark) => visibleText(slack, m).includes(mark)));
      await slack.waitFor(() => cards().length === marks.length, 20_000, "five cards");
      for (const mark of marks)
        assert.equal(cards().filter((m) => visibleText(slack, m).includes(mark)).length, 1, `one card for ${mark}`);
      const posts = slack
        .callsOf("chat.postMessage")
        .slice(since)
        .filter((c) => c.params.channel === city);
      assert.deepEqual(
        posts.filter((c) => c.status !== 200),
        [],
        "Slack refused none",
      );
      // The bot's own record of when each send began (its pace counts from there; the fake's clock adds the network's jitter).
      const sent = await app.store.database.db.outboxMessage.findMany({
        where: { destination: slackChatId("T0CITY", city), status: "sent", sentAt: { not: null } },
        orderBy: { sentAt: "asc" },
        select: { sentAt: true },
      });
      const times = sent.map((row) => row.sentAt!.getTime()).slice(-marks.length);
      assert.equal(times.length, marks.length);
      for (let i = 2; i < times.length; i++)
        assert.ok(times[i]! - times[i - 2]! >= 1_000, "never three sends begun in one second");
    } finally {
      slack.enforceRateLimits(false);
    }
  });
});
