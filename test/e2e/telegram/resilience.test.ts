// What goes wrong, and what the adapter does: a 429 storm, a restart between
// polls, a rejected token, a bot blocked by a user, a core that is shutting
// down, and a prompt stop.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { OFFSET_KEY } from "../../../adapters/telegram/state.js";
import {
  TelegramAdapter,
  type TelegramAdapterOptions,
  TOKEN_REJECTED,
} from "../../../adapters/telegram/telegram-adapter.js";
import { DeliveryError } from "../../../src/core/adapter.js";
import type { EventOutcome, InboundEvent } from "../../../src/core/events.js";
import { FakeTelegram, type RecordedCall } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import {
  MemoryState,
  RELAXED_THROTTLE,
  resultMessage,
  say,
  silentLogger,
  startTelegramApp,
  type TelegramApp,
  uniqueFirstUpdateId,
  waitForSent,
} from "./support.js";

const GROUP = -1001000000004;
const ALICE = 401;
const BOB = 402;

function world(fake: FakeTelegram): void {
  fake.addChat({ id: GROUP, type: "supergroup", title: "Kallio Friends" });
  fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
  fake.addUser({ id: BOB, first_name: "Bob", username: "bob", startedBot: true });
  fake.setMember(GROUP, ALICE, "creator");
  fake.setMember(GROUP, BOB, "member");
}

/** Resolves once `count` calls recorded since index `since` match. */
function waitForCount(fake: FakeTelegram, since: number, matches: (call: RecordedCall) => boolean, count: number) {
  return fake.waitFor(
    (call) =>
      matches(call) && fake.calls.indexOf(call) >= since && fake.calls.slice(since).filter(matches).length >= count,
  );
}

forEachDatabase("telegram resilience", (getDatabase) => {
  describe("a running bot", () => {
    let fake: FakeTelegram;
    let tg: TelegramApp;

    beforeAll(async () => {
      fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
      world(fake);
      tg = await startTelegramApp(getDatabase().url, fake);
    });

    afterAll(async () => {
      await tg.close();
      await fake.stop();
    });

    it("absorbs a 429 storm on sendMessage: every answer arrives, once", async () => {
      fake.fail("sendMessage", { code: 429, retryAfter: 1 }, 5);
      const since = fake.calls.length;
      fake.sendText(GROUP, ALICE, "/help");
      fake.sendText(ALICE, ALICE, "/help setup");
      fake.sendText(BOB, BOB, "/help lang");
      const answers = await Promise.all(
        [GROUP, ALICE, BOB].map((chat) => waitForSent(fake, since, chat, "sendMessage", 30_000)),
      );
      const sends = fake.calls.slice(since).filter((c) => c.method === "sendMessage");
      assert.equal(sends.filter((c) => c.response.status === 429).length, 5);
      assert.equal(sends.filter((c) => c.response.status === 200).length, 3);
      assert.match(resultMessage(answers[0]!).text ?? "", /^Talkoot commands/);
      assert.match(resultMessage(answers[1]!).text ?? "", /setup/);
      assert.match(resultMessage(answers[2]!).text ?? "", /lang/);
    });

    it("gives the outbox Telegram's retry_after when it is longer than auto-retry waits", async () => {
      fake.fail("sendMessage", { code: 429, retryAfter: 120 });
      await assert.rejects(
        tg.adapter.send({ platform: "telegram", chatId: `telegram:${GROUP}` }, { text: "later" }),
        (error) => error instanceof DeliveryError && error.retryAfterMs === 120_000 && !error.permanent,
      );
    });

    it("reports a blocked user and an unknown chat as permanent failures", async () => {
      fake.setBlocked(BOB);
      try {
        await assert.rejects(
          tg.adapter.send({ platform: "telegram", chatId: `telegram:${BOB}` }, { text: "hello" }),
          (error) => error instanceof DeliveryError && error.permanent && /blocked/.test(error.message),
        );
      } finally {
        fake.setBlocked(BOB, false);
      }
      await assert.rejects(
        tg.adapter.send({ platform: "telegram", chatId: "telegram:-100999999" }, { text: "hello" }),
        (error) => error instanceof DeliveryError && error.permanent && /chat not found/.test(error.message),
      );
    });
  });

  describe("a restart", () => {
    it("resumes from the stored offset: nothing handled before is handled again", async () => {
      const fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
      world(fake);
      const url = getDatabase().url;
      try {
        const first = await startTelegramApp(url, fake);
        const handled = await say(fake, ALICE, ALICE, "/help");
        const firstId = handled.update.update_id;
        // The offset is stored once the batch is in the inbox (at most once a second).
        await fake.waitForHeldPoll();
        await vi.waitFor(async () =>
          assert.equal(await first.app.store.adapterState.get(OFFSET_KEY), String(firstId + 1)),
        );
        await first.close();

        // While the bot is down: Telegram offers the handled update again (its confirmation was
        // lost in a crash), and two new ones arrive.
        fake.inject({ update_id: firstId, message: handled.update.message! });
        const second = fake.sendText(ALICE, ALICE, "/help setup");
        const third = fake.sendText(ALICE, ALICE, "/help lang");
        const since = fake.calls.length;

        const restarted = await startTelegramApp(url, fake);
        try {
          const firstPoll = await fake.waitFor((c) => c.method === "getUpdates" && fake.calls.indexOf(c) >= since);
          assert.equal(firstPoll.params.offset, firstId + 1);
          await waitForCount(fake, since, (c) => c.method === "sendMessage" && c.response.status === 200, 2);
          await fake.waitForHeldPoll();
          const polled = fake.calls
            .slice(since)
            .filter((c) => c.method === "getUpdates" && c.response.body?.ok)
            .flatMap((c) => (c.response.body?.ok ? (c.response.body.result as Array<{ update_id: number }>) : []))
            .map((u) => u.update_id);
          assert.ok(!polled.includes(firstId), "the handled update was not fetched again");
          assert.deepEqual([...new Set(polled)].sort(), [second.update_id, third.update_id].sort());
          const answers = fake.calls.slice(since).filter((c) => c.method === "sendMessage");
          assert.equal(answers.length, 2);
          await vi.waitFor(async () =>
            assert.equal(await restarted.app.store.adapterState.get(OFFSET_KEY), String(third.update_id + 1)),
          );
        } finally {
          await restarted.close();
        }
      } finally {
        await fake.stop();
      }
    });
  });
});

describe("telegram adapter life cycle", () => {
  let fake: FakeTelegram;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
    world(fake);
  });

  afterAll(() => fake.stop());

  function adapterWith(state = new MemoryState(), token = fake.token, extra: Partial<TelegramAdapterOptions> = {}) {
    return new TelegramAdapter({
      ...extra,
      token,
      apiRoot: fake.apiRoot,
      state,
      logger: silentLogger,
      commandMenu: () => [{ command: "help", description: "Help" }],
      throttle: RELAXED_THROTTLE,
    });
  }

  /** A core stand-in that records events and answers as told. */
  function sinkAnswering(answer: (event: InboundEvent) => EventOutcome) {
    const events: Array<{ event: InboundEvent; outcome: EventOutcome }> = [];
    const waiters: Array<() => void> = [];
    return {
      events,
      async handle(event: InboundEvent) {
        const outcome = answer(event);
        events.push({ event, outcome });
        for (const wake of waiters.splice(0)) wake();
        return outcome;
      },
      async until(done: () => boolean) {
        while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
      },
    };
  }

  it("a rejected token fails the start at once with one clear line", async () => {
    const adapter = adapterWith(new MemoryState(), "123:AAwrong-token-for-this-test_00000000000");
    const started = Date.now();
    await assert.rejects(adapter.start(sinkAnswering(() => ({ status: "handled" }))), { message: TOKEN_REJECTED });
    assert.ok(Date.now() - started < 1_000);
    assert.equal(adapter.isReady(), false);
    assert.equal(TOKEN_REJECTED, "telegram: the bot token was rejected (401 Unauthorized); check TELEGRAM_BOT_TOKEN");
  });

  it("is ready once polling, and stops promptly while a long poll is held", async () => {
    const adapter = adapterWith();
    assert.equal(adapter.isReady(), false);
    await adapter.start(sinkAnswering(() => ({ status: "handled" })));
    assert.equal(adapter.isReady(), true);
    await fake.waitForHeldPoll();
    const started = Date.now();
    await adapter.stop();
    assert.ok(Date.now() - started < 1_000, `stop took ${Date.now() - started} ms`);
    assert.equal(adapter.isReady(), false);
  });

  it("does not move past a command the core refused because it is shutting down", async () => {
    const state = new MemoryState();
    let shuttingDown = true;
    const sink = sinkAnswering(() => (shuttingDown ? { status: "unavailable" } : { status: "handled" }));
    const adapter = adapterWith(state);
    await adapter.start(sink);
    try {
      const update = fake.sendText(ALICE, ALICE, "/help");
      // Refused: the offset stays on the update, which is fetched again.
      await fake.waitForCall("getUpdates", (p) => p.offset === update.update_id);
      assert.equal(state.values.get(OFFSET_KEY), String(update.update_id));
      shuttingDown = false;
      await sink.until(() => sink.events.some((e) => e.outcome.status === "handled"));
      await fake.waitForHeldPoll();
      assert.equal(state.values.get(OFFSET_KEY), String(update.update_id + 1));
      assert.ok(sink.events.length >= 2);
      assert.ok(sink.events.every((e) => e.event.eventId === String(update.update_id)));
    } finally {
      await adapter.stop();
    }
  });

  it("a chat whose update is slow does not hold up the others; its later updates keep their order", async () => {
    const state = new MemoryState();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const log: string[] = [];
    const waiters: Array<() => void> = [];
    const note = (line: string) => {
      log.push(line);
      for (const wake of waiters.splice(0)) wake();
    };
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const sink = {
      async handle(event: InboundEvent): Promise<EventOutcome> {
        const text = event.kind === "command" ? event.text : event.kind;
        note(`start ${text}`);
        if (text === "/setup slow") await held;
        note(`end ${text}`);
        return { status: "handled" };
      },
    };
    const adapter = adapterWith(state, fake.token, { pollMoveOnAfterMs: 50 });
    await adapter.start(sink);
    try {
      fake.sendText(GROUP, ALICE, "/setup slow");
      await until(() => log.includes("start /setup slow"));
      fake.sendText(GROUP, BOB, "/help after");
      const elsewhere = fake.sendText(ALICE, ALICE, "/help elsewhere");
      await until(() => log.includes("end /help elsewhere"));
      assert.ok(!log.includes("end /setup slow"));
      assert.ok(!log.includes("start /help after"), "the group's next command waits for the slow one");
      release();
      await until(() => log.includes("end /help after"));
      assert.deepEqual(
        log.filter((line) => /slow|after/.test(line)),
        ["start /setup slow", "end /setup slow", "start /help after", "end /help after"],
      );
      // Once every update is done, the offset is stored before the next getUpdates is held.
      await fake.waitForHeldPoll();
      assert.equal(state.values.get(OFFSET_KEY), String(elsewhere.update_id + 1));
    } finally {
      release();
      await adapter.stop();
    }
  });

  it("answers a press with the core's toast, and a press it cannot map without one", async () => {
    const sink = sinkAnswering(() => ({ status: "handled", toast: "ok" }));
    const adapter = adapterWith();
    await adapter.start(sink);
    try {
      const [ref] = await adapter.send(
        { platform: "telegram", chatId: `telegram:${GROUP}` },
        { text: "card", buttons: [[{ label: "Go", actionId: "go1", style: "default" }]] },
      );
      const press = fake.pressButton(GROUP, Number(ref!.messageId), BOB, "go1");
      const answer = await fake.waitForCall(
        "answerCallbackQuery",
        (p) => p.callback_query_id === press.callback_query?.id,
      );
      assert.equal(answer.params.text, "ok");
      assert.equal(sink.events.at(-1)?.event.author.isChatAdmin, false, "Bob is a plain member of the group");
      // A press on an inline-mode message names no chat: the core never sees it, the spinner still stops.
      const before = sink.events.length;
      fake.inject({
        callback_query: {
          id: "inline-1",
          from: { id: BOB, is_bot: false, first_name: "Bob" },
          chat_instance: "1",
          data: "x",
        },
      });
      const inline = await fake.waitForCall("answerCallbackQuery", (p) => p.callback_query_id === "inline-1");
      assert.equal(inline.params.text, undefined);
      assert.equal(sink.events.length, before);
    } finally {
      await adapter.stop();
    }
  });
});
