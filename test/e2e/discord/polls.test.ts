// Quick polls on Discord, end to end, on a clock moved by hand: a poll with
// buttons (each press answered at once, the card's live results edited once
// for a burst of votes, the final result at close), and Discord's own poll
// (--native: the poll object; MESSAGE_POLL_VOTE_ADD/REMOVE in the same
// tally, a retraction too; expired at close), and why a native poll that
// could not keep its promise uses buttons; votes in Discord's poll cast while
// the bot was down are read back at the next start.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { buttonsOf, MANAGE_GUILD, visibleText } from "../../adapters/discord/support.js";
import { FakeDiscord, type StoredMessage } from "../../fakes/discord/fake-discord.js";
import { forEachDatabase } from "../../support/databases.js";
import { ask, type DiscordApp, FLOW_FAKE, press, startDiscordApp } from "./support.js";

forEachDatabase("discord polls", (getDatabase) => {
  let fake: FakeDiscord;
  let dc: DiscordApp;
  const clock = new ManualClock("2026-12-01T08:00:00Z");

  const settle = async () => {
    await dc.app.dispatcher.dispatchDue();
    await dc.app.jobs.tick();
    await dc.app.dispatcher.dispatchDue();
  };
  const votesOf = async (pollId: number) =>
    (await getDatabase().db.vote.findMany({ where: { pollId } })).map((v) => `${v.personId}:${v.optionId}`);

  beforeAll(async () => {
    fake = await FakeDiscord.start(FLOW_FAKE);
    dc = await startDiscordApp(getDatabase().url, fake, { clock });
    await ask(fake, dc.world, {
      user: "aino",
      channel: "general",
      memberPermissions: MANAGE_GUILD,
      name: "setup",
      subcommand: "community",
      options: { name: "Kallio" },
    });
  });

  afterAll(async () => {
    await dc.close();
    await fake.stop();
  });

  it("a button poll: presses answered at once, one edit for a burst of votes, the final result at close", async () => {
    const asked = await ask(fake, dc.world, {
      user: "aino",
      channel: "general",
      name: "poll",
      subcommand: "create",
      options: { question: "Which day?", option1: "Sat", option2: "Sun" },
    });
    assert.match(asked.text, /Which day\?/);
    assert.deepEqual(
      buttonsOf(asked.message).map((b) => b.label),
      ["Sat", "Sun", "Results"],
    );
    const pollId = /Poll #(\d+)/.exec(asked.text)?.[1];
    assert.ok(pollId, asked.text);
    const card = (): StoredMessage => fake.message(asked.message.id)!;
    const editsBefore = card().edits.length;

    const voters = ["eero", "olli", "bea", "carl", "dina"];
    const presses = voters.map((voter) => press(fake, dc.world, voter, "general", "Sat"));
    for (const handle of presses) {
      const callback = await handle.waitForCallback(5_000);
      // The toast, a silent deferred update, or the card itself when its live results were due.
      assert.ok([4, 6, 7].includes(callback.type), `callback ${callback.type}`);
      assert.deepEqual(handle.record.rejectedCallbacks, []);
    }
    await fake.waitFor(
      () =>
        presses.every((h) => h.followUps().length + (h.record.callback?.type === 4 ? 1 : 0) >= 1) ? true : undefined,
      15_000,
      "every presser told",
    );
    clock.advance(5_000);
    await settle();
    await fake.waitFor(() => /5 people voted/.test(visibleText(card())) || undefined, 15_000, "the live results");
    // The clock stood still during the burst: the first vote's edit, then one more for the rest.
    assert.ok(card().edits.length - editsBefore <= 2, `${card().edits.length - editsBefore} edits for five votes`);

    const closed = await ask(fake, dc.world, {
      user: "aino",
      channel: "general",
      name: "poll",
      subcommand: "close",
      options: { poll: pollId },
    });
    await settle();
    // The result is shown once, on the edited card; the reply points to it.
    assert.match(closed.text, /The final result is on the poll's card/);
    assert.doesNotMatch(closed.text, /wins with/);
    await fake.waitFor(() => /closed/.test(visibleText(card())) || undefined, 15_000, "the card shows closed");
    assert.match(visibleText(card()), /“Sat” wins with 5 votes/);
  });

  it("Discord's own poll: votes and a retraction reach the same tally; it is expired at close", async () => {
    const asked = await ask(fake, dc.world, {
      user: "aino",
      channel: "general",
      name: "poll",
      subcommand: "create",
      options: { question: "Coffee or tea?", option1: "Coffee", option2: "Tea", native: true, closes: "2 hours" },
    });
    const pollId = Number(/#(\d+)/.exec(asked.text)?.[1]);
    const posted = await fake.waitFor(
      () => fake.botMessages.find((m) => m.poll?.question === "Coffee or tea?"),
      15_000,
      "the native poll",
    );
    assert.deepEqual(
      posted.poll!.answers.map((a) => a.text),
      ["Coffee", "Tea"],
    );
    assert.equal(posted.poll!.allowMultiselect, false);
    const channelId = dc.world.channel("general");
    const vote = (user: string, action: "add" | "remove", answerId: number) =>
      fake.pollVote({ action, userId: dc.world.user(user), channelId, messageId: posted.id, answerId });
    vote("eero", "add", 2);
    vote("olli", "add", 2);
    vote("olli", "remove", 2);
    vote("olli", "add", 1);
    await dc.adapter.settle();
    // Eero on Tea; Olli took Tea back and chose Coffee: one vote each, each counted once.
    const votes = await vi.waitFor(
      async () => {
        const rows = await votesOf(pollId);
        if (rows.length !== 2 || new Set(rows.map((r) => r.split(":")[1])).size !== 2) throw new Error(rows.join());
        return rows;
      },
      { timeout: 20_000, interval: 20 },
    );
    assert.equal(new Set(votes.map((r) => r.split(":")[0])).size, 2);

    await ask(fake, dc.world, {
      user: "aino",
      channel: "general",
      name: "poll",
      subcommand: "close",
      options: { poll: String(pollId) },
    });
    await settle();
    await fake.waitForCall("POST /channels/:channelId/polls/:messageId/expire");
  });

  it("Discord's own poll: votes cast while the bot was down are counted once it is back, once", async () => {
    const asked = await ask(fake, dc.world, {
      user: "aino",
      channel: "general",
      name: "poll",
      subcommand: "create",
      options: { question: "Soup or salad?", option1: "Soup", option2: "Salad", native: true, closes: "2 hours" },
    });
    const pollId = Number(/#(\d+)/.exec(asked.text)?.[1]);
    const posted = await fake.waitFor(
      () => fake.botMessages.find((m) => m.poll?.question === "Soup or salad?"),
      15_000,
      "the native poll",
    );
    const channelId = dc.world.channel("general");
    const vote = (user: string, action: "add" | "remove", answerId: number) =>
      fake.pollVote({ action, userId: dc.world.user(user), channelId, messageId: posted.id, answerId });
    const options = await getDatabase().db.pollOption.findMany({ where: { pollId }, orderBy: { position: "asc" } });
    const optionOf = (row: string) => options.find((o) => o.id === Number(row.split(":")[1]))?.text;
    const waitForVotes = (expected: string[]) =>
      vi.waitFor(
        async () => {
          const rows = (await votesOf(pollId)).map(optionOf).sort();
          assert.deepEqual(rows, expected);
        },
        { timeout: 20_000, interval: 20 },
      );

    vote("eero", "add", 1);
    await dc.adapter.settle();
    await waitForVotes(["Soup"]);

    // The bot goes away; the gateway sends these votes to nobody, and a new session never gets them.
    const world = dc.world;
    await dc.close();
    vote("olli", "add", 2);
    vote("eero", "remove", 1);
    vote("eero", "add", 2);

    dc = await startDiscordApp(getDatabase().url, fake, { clock, world });
    await settle();
    await fake.waitForCall("GET /channels/:channelId/polls/:messageId/answers/:answerId");
    // Olli's new vote counted, and Eero's changed single choice followed.
    await waitForVotes(["Salad", "Salad"]);

    // Another start reads the same votes back and changes nothing.
    await dc.close();
    dc = await startDiscordApp(getDatabase().url, fake, { clock, world });
    await settle();
    await waitForVotes(["Salad", "Salad"]);
    const resyncs = await getDatabase().db.job.findMany({ where: { kind: "polls.native-resync" } });
    assert.deepEqual(
      resyncs.map((j) => j.status),
      ["done"],
    );
  });

  it("uses buttons, and says why, when Discord's poll cannot keep the promise", async () => {
    const asked = await ask(fake, dc.world, {
      user: "aino",
      channel: "general",
      name: "poll",
      subcommand: "create",
      options: { question: "Secret ballot?", option1: "Yes", option2: "No", native: true, anonymous: true },
    });
    assert.match(asked.text, /this anonymous poll uses buttons/);
    const card = await fake.waitFor(
      () => fake.botMessages.find((m) => /Secret ballot\?/.test(visibleText(m)) && buttonsOf(m).length > 0),
      15_000,
      "the buttons card",
    );
    assert.equal(card.poll, null);
  });
});
