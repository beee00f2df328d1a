// Personal commands in a direct chat with the bot: they run for the person's
// community (asking which when there are several, answered by --community),
// and a direct chat can never become a community's home.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

forEachDatabase("personal commands in a direct chat", (getDatabase) => {
  let app: TasksTestApp;
  let tg: MemoryAdapter;
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  const say = async (user: string, text: string, chat = `dm:${user}`) => {
    await tg.command(chat, user, text);
    return tg.lastText(chat);
  };

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
    await tg.command("vallila", "victor", "/setup community Vallila", { admin: true });
    await say("alice", '/task add Food bank sorting --when "sat 10:00" --slots 3', "kallio");
    await say("carol", "/task join 1", "kallio");
    await say("dave", "/help", "kallio");
    await say("dave", "/help", "vallila");
  });
  afterAll(() => app.close());

  it("runs /task list mine, /task reminders off, /hours log and /hours mine for the person's only community", async () => {
    assert.match(await say("carol", "/task list mine"), /^Your shifts\n#1 · Sat 5 Dec 10:00 · Food bank sorting/);
    assert.match(await say("carol", "/task reminders off"), /^I won't send you shift reminders/);
    const membership = await getDatabase().db.membership.findFirstOrThrow({
      where: { person: { identities: { some: { id: "tg:carol" } } } },
    });
    assert.equal(membership.remindersOff, true);
    assert.match(await say("carol", "/hours log 2 --task 1"), /^Logged 2 h for #1 Food bank sorting/);
    assert.match(await say("carol", "/hours mine"), /^Your hours, December 2026/);
    assert.match(await say("carol", "/poll list"), /^Open polls/);
    assert.match(await say("carol", "/request mine"), /request/i);
  });

  it("asks which community when the person has several, and --community answers", async () => {
    assert.equal(
      await say("dave", "/hours log 1"),
      "You are in several communities: Kallio, Vallila. Say which one with --community, e.g. --community Kallio",
    );
    assert.match(await say("dave", "/hours log 1 --community vallila"), /^Logged 1 h on Tue 1 Dec 2026/);
    const entry = await getDatabase().db.hoursEntry.findFirstOrThrow({ where: { minutes: 60 } });
    const vallila = await getDatabase().db.community.findFirstOrThrow({ where: { name: "Vallila" } });
    assert.equal(entry.communityId, vallila.id);
    assert.match(await say("dave", "/task list --community=Kallio"), /^Open shifts|Food bank sorting/);
    assert.equal(
      await say("dave", "/task list mine --community Sörnäinen"),
      "You are not in a community called “Sörnäinen”. Yours: Kallio, Vallila.",
    );
    assert.match(await say("zed", "/task list mine"), /^You are not in any community yet/);
    // A direct chat grants no role: Kallio's admin still sets the community's reminder times in its chat.
    assert.equal(
      await say("alice", "/task reminders 60"),
      "That works only in your community's chat: a direct chat with the bot gives no role.",
    );
  });

  it("never makes a direct chat a community's home", async () => {
    assert.match(
      await say("erin", "/setup community Erin's place"),
      /^A direct chat with the bot can't be a community's home/,
    );
    assert.match(await say("erin", "/setup join ABCDEF"), /^A direct chat with the bot can't be a community's home/);
    assert.equal(await getDatabase().db.community.count({ where: { name: "Erin's place" } }), 0);
  });
});
