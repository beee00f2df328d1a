import assert from "node:assert/strict";
import { beforeEach, expect, it, vi } from "vitest";
import { DeliveryError } from "../../src/core/adapter.js";
import { type Clock, ManualClock, systemClock } from "../../src/core/clock.js";
import {
  type OutboxChats,
  OutboxDispatcher,
  type OutboxDispatcherOptions,
  type OutboxObserver,
} from "../../src/outbox/dispatcher.js";
import { Outbox } from "../../src/outbox/outbox.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabasePair, quietLogger } from "../scheduler/database-pair.js";
import { type Attempt, deliveryOver, ScriptedAdapter } from "./scripted-adapter.js";

const ROOM = { platform: "test", chatId: "test:room" };

forEachDatabasePair("OutboxDispatcher", (get) => {
  let clock: ManualClock;

  beforeEach(async () => {
    await get().first.db.outboxMessage.deleteMany();
    clock = new ManualClock("2026-12-01T08:00:00Z");
  });

  function harness(
    options: OutboxDispatcherOptions & {
      database?: Database;
      clock?: Clock;
      observer?: OutboxObserver;
      sharedLog?: Attempt[];
      chats?: OutboxChats;
    } = {},
  ) {
    const useClock = options.clock ?? clock;
    const database = options.database ?? get().first;
    const outbox = new Outbox(database, useClock);
    const adapters = ["test", "telegram"].map((platform) => new ScriptedAdapter(platform, useClock, options.sharedLog));
    const dispatcher = new OutboxDispatcher(
      {
        outbox,
        sender: deliveryOver(...adapters),
        clock: useClock,
        logger: quietLogger,
        observer: options.observer,
        chats: options.chats,
      },
      { random: () => 0.5, backoff: { baseMs: 1_000, maxMs: 60_000 }, ...options },
    );
    return { outbox, dispatcher, test: adapters[0]!, telegram: adapters[1]! };
  }

  /** Waits (bounded) until `done`. */
  async function waitFor(done: () => boolean, timeout = 10_000) {
    await expect.poll(done, { timeout }).toBe(true);
  }

  /** Moves the test clock in steps, dispatching at each, until `done` (bounded). */
  async function runUntil(dispatcher: OutboxDispatcher, done: () => boolean, stepMs = 100, maxSteps = 2_000) {
    for (let step = 0; step < maxSteps && !done(); step++) {
      await dispatcher.dispatchDue();
      if (!done()) clock.advance(stepMs);
    }
    assert.ok(done(), "condition reached within the step bound");
  }

  it("delivers an edit of a sent message in its chat's order, and keeps the sent refs", async () => {
    const { outbox, dispatcher, test } = harness();
    const first = await outbox.enqueue(ROOM, { text: "poll: 0 votes" });
    await runUntil(dispatcher, () => test.delivered.length === 1);
    const refs = await outbox.sentRefsOf(first);
    assert.deepEqual(refs, [{ platform: "test", chatId: "test:room", messageId: "1" }]);
    await outbox.enqueueEdit(refs![0]!, { text: "poll: 3 votes" });
    await outbox.enqueue(ROOM, { text: "after" });
    await runUntil(dispatcher, () => test.delivered.length === 3);
    assert.deepEqual(test.edits, ["1:poll: 3 votes"]);
    assert.deepEqual(
      test.delivered.map((a) => a.text),
      ["poll: 0 votes", "edit 1: poll: 3 votes", "after"],
    );
  });

  it("sends as a pool: a slow send does not hold up the rows claimed after it", async () => {
    const { outbox, dispatcher, test } = harness({ concurrency: 2 });
    let release = () => {};
    test.held.set("test:slow", new Promise<void>((resolve) => (release = resolve)));
    await outbox.enqueue({ platform: "test", chatId: "test:slow" }, { text: "slow" });
    for (const chat of ["a", "b", "c"])
      await outbox.enqueue({ platform: "test", chatId: `test:${chat}` }, { text: chat });
    const dispatching = dispatcher.dispatchDue();
    await waitFor(() => test.delivered.length === 3);
    assert.deepEqual(
      test.delivered.map((a) => a.text),
      ["a", "b", "c"],
      "every other row went while the first send was still waiting",
    );
    release();
    assert.equal(await dispatching, 4);
    assert.deepEqual(
      test.delivered.map((a) => a.text),
      ["a", "b", "c", "slow"],
    );
  });

  it("gives each platform places of its own: a platform whose sends all wait does not hold up another's", async () => {
    const { outbox, dispatcher, test, telegram } = harness({ concurrency: 2 });
    let release = () => {};
    const waiting = new Promise<void>((resolve) => (release = resolve));
    // Telegram's rows are the oldest, and every one of its sends waits (as it waits out a 429).
    for (const chat of ["a", "b", "c"]) {
      telegram.held.set(`telegram:${chat}`, waiting);
      await outbox.enqueue({ platform: "telegram", chatId: `telegram:${chat}` }, { text: `tg ${chat}` });
    }
    for (const chat of ["x", "y", "z"])
      await outbox.enqueue({ platform: "test", chatId: `test:${chat}` }, { text: `test ${chat}` });
    const dispatching = dispatcher.dispatchDue();
    await waitFor(() => test.delivered.length === 3);
    assert.equal(telegram.delivered.length, 0, "Telegram's sends are still waiting");
    release();
    assert.equal(await dispatching, 6);
    assert.deepEqual(telegram.delivered.map((a) => a.text).sort(), ["tg a", "tg b", "tg c"]);
  });

  it("a dispatch that reached its bound of claims does not hold the next one until its slow sends end", async () => {
    const { outbox, dispatcher, test, telegram } = harness({ clock: systemClock, maxClaimsPerDispatch: 2 });
    let release = () => {};
    telegram.held.set("telegram:7", new Promise<void>((resolve) => (release = resolve)));
    dispatcher.start();
    try {
      // A Telegram send that waits (as it waits out a 429), then Slack-like rows one after another.
      await outbox.enqueue({ platform: "telegram", chatId: "telegram:7" }, { text: "waits" });
      await waitFor(() => telegram.begun.length === 1);
      for (let i = 1; i <= 6; i++) {
        await outbox.enqueue({ platform: "test", chatId: `test:c${i}` }, { text: `card ${i}` });
        await waitFor(() => test.delivered.length === i);
      }
      assert.equal(telegram.delivered.length, 0, "the Telegram send is still waiting");
    } finally {
      release();
      await dispatcher.stop();
    }
    assert.deepEqual(
      telegram.delivered.map((a) => a.text),
      ["waits"],
      "stop waited for the send begun by an earlier dispatch",
    );
  });

  it("waits for a change, without spinning, while the only platform with rows due is busy", async () => {
    const { outbox, dispatcher, telegram } = harness({ concurrency: 2 });
    const releases: Array<() => void> = [];
    for (const chat of ["a", "b", "c"]) {
      telegram.held.set(`telegram:${chat}`, new Promise<void>((resolve) => releases.push(resolve)));
      await outbox.enqueue({ platform: "telegram", chatId: `telegram:${chat}` }, { text: `tg ${chat}` });
    }
    const looks = vi.spyOn(dispatcher as unknown as { busyPlatforms(): string[] }, "busyPlatforms");
    const dispatching = dispatcher.dispatchDue();
    const sending = () => get().first.db.outboxMessage.count({ where: { status: "sending" } });
    await expect.poll(sending, { timeout: 10_000 }).toBe(2);
    // Telegram's own queue is long now: its third row stays in the table while a place frees.
    telegram.paceWaitMs = 5_000;
    releases[0]!();
    await waitFor(() => telegram.delivered.length === 1);
    releases[1]!();
    await waitFor(() => telegram.delivered.length === 2);
    await dispatching;
    assert.ok(looks.mock.calls.length < 20, `${looks.mock.calls.length} looks for a claim`);
    telegram.paceWaitMs = 0;
    releases[2]!();
    await dispatcher.dispatchDue();
    assert.equal(telegram.delivered.length, 3);
  });

  it("still tries the rows of a platform no adapter serves, so they end as dead letters instead of waiting forever", async () => {
    const { outbox, dispatcher, test } = harness();
    const orphan = await outbox.enqueue({ platform: "gone", chatId: "gone:room" }, { text: "nobody sends this" });
    await outbox.enqueue(ROOM, { text: "hello" });
    await dispatcher.dispatchDue();
    assert.equal(test.delivered.length, 1);
    const row = await get().first.db.outboxMessage.findUniqueOrThrow({ where: { id: orphan } });
    assert.deepEqual([row.status, row.attempts], ["pending", 1]);
    assert.ok(row.lastError, "tried and failed");
  });

  it("a row that finishes while the next claim runs still lets its chat's next row go in the same dispatch", async () => {
    const { outbox, dispatcher, test } = harness({ concurrency: 2 });
    let release = () => {};
    test.held.set("test:s", new Promise<void>((resolve) => (release = resolve)));
    const s1 = await outbox.enqueue({ platform: "test", chatId: "test:s" }, { text: "s1" });
    await outbox.enqueue({ platform: "test", chatId: "test:s" }, { text: "s2" });
    await outbox.enqueue({ platform: "test", chatId: "test:t" }, { text: "t1" });
    const claim = outbox.claim.bind(outbox);
    let claims = 0;
    outbox.claim = async (request) => {
      const rows = await claim(request);
      // The second claim of the chats' platform (after t1) read while s1 was being sent; s1 finishes before it returns.
      if (request.platform === "test" && ++claims === 2) {
        release();
        await expect.poll(() => outbox.statusOf(s1), { timeout: 10_000 }).toBe("sent");
      }
      return rows;
    };
    await dispatcher.dispatchDue();
    assert.deepEqual(
      test.delivered.map((a) => a.text),
      ["t1", "s1", "s2"],
    );
  });

  it("leaves a platform's rows in the table while its own queue is long, and sends the others", async () => {
    const { outbox, dispatcher, test, telegram } = harness();
    telegram.paceWaitMs = 5_000;
    const waiting = await outbox.enqueue({ platform: "telegram", chatId: "telegram:-100" }, { text: "receipt" });
    await outbox.enqueue(ROOM, { text: "card" });
    assert.equal(await dispatcher.dispatchDue(), 1);
    assert.deepEqual(
      test.delivered.map((a) => a.text),
      ["card"],
    );
    assert.equal(telegram.attempts.length, 0);
    const row = await get().first.db.outboxMessage.findUniqueOrThrow({ where: { id: waiting } });
    assert.deepEqual([row.status, row.attempts], ["pending", 0], "not claimed at all");
    telegram.paceWaitMs = 0;
    await dispatcher.dispatchDue();
    assert.deepEqual(
      telegram.delivered.map((a) => a.text),
      ["receipt"],
    );
  });

  it("defers a row whose chat would wait in the platform's queue until it would go", async () => {
    const { outbox, dispatcher, telegram } = harness();
    telegram.chatWaitMs.set("telegram:-100", 3_000);
    const id = await outbox.enqueue({ platform: "telegram", chatId: "telegram:-100" }, { text: "receipt" });
    await dispatcher.dispatchDue();
    assert.equal(telegram.attempts.length, 0);
    const row = await get().first.db.outboxMessage.findUniqueOrThrow({ where: { id } });
    assert.equal(row.status, "pending");
    assert.equal(row.nextAttemptAt.getTime(), clock.now().getTime() + 3_000);
    telegram.chatWaitMs.delete("telegram:-100");
    await dispatcher.dispatchDue();
    assert.equal(telegram.attempts.length, 0, "not due yet");
    clock.advance(3_000);
    await dispatcher.dispatchDue();
    assert.deepEqual(
      telegram.delivered.map((a) => a.text),
      ["receipt"],
    );
  });

  it("retries through failures and a retry-after, delivering once and in order", async () => {
    const { outbox, dispatcher, test } = harness();
    for (const text of ["first", "second", "third"]) await outbox.enqueue(ROOM, { text });
    test.failures.push(
      new Error("socket hang up"),
      new Error("502 from platform"),
      new Error("ETIMEDOUT"),
      new DeliveryError("429 Too Many Requests", { retryAfterMs: 1_000 }),
    );

    await runUntil(dispatcher, () => test.delivered.length === 3);

    assert.deepEqual(
      test.delivered.map((a) => a.text),
      ["first", "second", "third"],
    );
    assert.deepEqual(
      test.attempts.slice(0, 5).map((a) => `${a.text}:${a.outcome}`),
      ["first:failed", "first:failed", "first:failed", "first:failed", "first:sent"],
      "nothing behind the head was tried while it was failing",
    );
    const rateLimited = test.attempts[3]!.at;
    const success = test.attempts[4]!.at;
    assert.ok(success - rateLimited >= 1_000, `retried ${success - rateLimited} ms after a 1000 ms retry-after`);
    for (let i = 1; i < 3; i++) {
      assert.ok(test.attempts[i]!.at > test.attempts[i - 1]!.at, "each retry waited");
    }

    const rows = await get().first.db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    assert.deepEqual(
      rows.map((r) => [r.status, r.attempts, r.leaseOwner]),
      [
        ["sent", 5, null],
        ["sent", 1, null],
        ["sent", 1, null],
      ],
    );
    assert.deepEqual(JSON.parse(rows[0]!.sentRefs!), [{ platform: "test", chatId: "test:room", messageId: "1" }]);
    assert.deepEqual(await outbox.stats(), { depth: 0, oldestAgeSeconds: 0, dead: 0 });
  });

  /** Chats as the app wires them: the real store moves and marks them. */
  async function storedChats(...ids: string[]): Promise<{ chats: OutboxChats; store: Store }> {
    const store = new Store(get().first);
    await get().first.db.chat.deleteMany({ where: { id: { in: [...ids, "test:newroom"] } } });
    for (const id of ids) await get().first.db.chat.create({ data: { id, platform: "test", role: "officials" } });
    const chats: OutboxChats = {
      unreachableReason: (chatId) => store.chats.unreachableReason(chatId),
      changed: async (change) => {
        if (change.kind === "moved") await store.chatMoves.move(change.fromChatId, change.toChatId);
        if (change.kind === "unreachable") await store.chats.markUnreachable(change.chatId, change.reason, clock.now());
      },
    };
    return { chats, store };
  }

  it("a chat that moved: its rows go to the new id, this one again at once, nothing dead-lettered", async () => {
    const { chats, store } = await storedChats("test:room");
    const { outbox, dispatcher, test } = harness({ maxAttempts: 1, chats });
    for (const text of ["first", "second"]) await outbox.enqueue(ROOM, { text });
    test.failures.push(new DeliveryError("group upgraded", { permanent: true, movedTo: "test:newroom" }));

    await runUntil(dispatcher, () => test.delivered.length === 2);

    assert.deepEqual(
      test.attempts.map((a) => `${a.chatId} ${a.text}:${a.outcome}`),
      ["test:room first:failed", "test:newroom first:sent", "test:newroom second:sent"],
    );
    assert.equal((await outbox.stats()).dead, 0);
    assert.equal((await store.chats.find("test:newroom"))?.role, "officials");
    assert.equal(await store.chats.find("test:room"), undefined);
  });

  it("a chat the bot cannot post in: the row is buried with the reason, the rows behind it without a try", async () => {
    const { chats, store } = await storedChats("test:room");
    const { outbox, dispatcher, test } = harness({ chats });
    const first = await outbox.enqueue(ROOM, { text: "first" });
    await outbox.enqueue(ROOM, { text: "second" });
    test.failures.push(new DeliveryError("bot was kicked", { unreachable: "kicked" }));

    await runUntil(dispatcher, () => test.attempts.length >= 1);
    await dispatcher.dispatchDue();
    clock.advance(60_000);
    await dispatcher.dispatchDue();

    assert.deepEqual(
      test.attempts.map((a) => `${a.text}:${a.outcome}`),
      ["first:failed"],
    );
    assert.equal((await outbox.stats()).dead, 2);
    assert.equal(await outbox.statusOf(first), "dead");
    const letters = await outbox.deadLetters(5);
    assert.ok(letters.every((l) => /chat unreachable \(kicked\)/.test(l.lastError ?? "")));
    assert.equal(await store.chats.unreachableReason("test:room"), "kicked");
  });

  it("dead-letters after the last attempt, then lets the chat's next messages through", async () => {
    const dead: string[] = [];
    const { outbox, dispatcher, test } = harness({ maxAttempts: 3, observer: { deadLettered: (p) => dead.push(p) } });
    await outbox.enqueue(ROOM, { text: "doomed message" }, "request.routed");
    await outbox.enqueue(ROOM, { text: "next" });
    test.failures.push(new Error("down"), new Error("down"), new Error("still down"));

    await runUntil(dispatcher, () => test.delivered.length === 1);

    assert.deepEqual(
      test.attempts.map((a) => `${a.text}:${a.outcome}`),
      ["doomed message:failed", "doomed message:failed", "doomed message:failed", "next:sent"],
    );
    assert.deepEqual(dead, ["test"]);
    const stats = await outbox.stats();
    assert.equal(stats.depth, 0);
    assert.equal(stats.dead, 1);
    const [letter] = await outbox.deadLetters(5);
    assert.equal(letter?.preview, "doomed message");
    assert.equal(letter?.purpose, "request.routed");
    assert.equal(letter?.attempts, 3);
    assert.match(letter?.lastError ?? "", /still down/);
  });

  it("dead-letters a permanent failure at once", async () => {
    const { outbox, dispatcher, test } = harness();
    await outbox.enqueue(ROOM, { text: "to a deleted chat" });
    test.failures.push(new DeliveryError("chat not found", { permanent: true }));
    await dispatcher.dispatchDue();
    assert.equal((await outbox.stats()).dead, 1);
    assert.equal(test.attempts.length, 1);
  });

  it("keeps to Telegram's limits: 1/s per chat, 20/min per group", async () => {
    const { outbox, dispatcher, telegram } = harness();
    const group = { platform: "telegram", chatId: "telegram:-100123" };
    for (let n = 1; n <= 21; n++) await outbox.enqueue(group, { text: `m${n}` });

    await dispatcher.dispatchDue();
    assert.equal(telegram.delivered.length, 1, "the second waits for the next second");
    clock.advance(999);
    await dispatcher.dispatchDue();
    assert.equal(telegram.delivered.length, 1);
    clock.advance(1);
    await dispatcher.dispatchDue();
    assert.equal(telegram.delivered.length, 2);

    await runUntil(dispatcher, () => telegram.delivered.length === 21, 250);
    const times = telegram.delivered.map((a) => a.at);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 1_000, `gap before m${i + 1}`);
    assert.ok(times[20]! - times[0]! >= 60_000, "the 21st waits until the first is a minute old");
    assert.ok(times[20]! - times[0]! < 61_000);
    const deferred = await get().first.db.outboxMessage.findMany({ where: { attempts: { not: 1 } } });
    assert.deepEqual(deferred, [], "waiting for the limiter is not a failed attempt");
  });

  it("counts a chat's pace from when a send began: a slow send does not hold the next one longer", async () => {
    const { outbox, dispatcher, telegram } = harness();
    const chat = { platform: "telegram", chatId: "telegram:42" }; // a private chat: one a second
    const first = await outbox.enqueue(chat, { text: "first" });
    await outbox.enqueue(chat, { text: "second" });
    let release = () => {};
    telegram.held.set(chat.chatId, new Promise<void>((resolve) => (release = resolve)));
    const began = clock.now().getTime();
    const dispatching = dispatcher.dispatchDue();
    await waitFor(() => telegram.begun.length === 1);
    telegram.held.delete(chat.chatId);
    clock.advance(600); // the platform takes 600 ms to answer
    release();
    await dispatching;
    assert.deepEqual(
      telegram.delivered.map((a) => a.text),
      ["first"],
    );
    const row = await get().first.db.outboxMessage.findUniqueOrThrow({ where: { id: first } });
    assert.equal(row.sentAt?.getTime(), began, "recorded as sent when the send began");
    clock.advance(400); // a second after the first send began, not after it ended
    await dispatcher.dispatchDue();
    assert.deepEqual(
      telegram.delivered.map((a) => a.text),
      ["first", "second"],
    );
  });

  it("counts an edit's pace from its end: the next edit reaches the platform a second after a late one", async () => {
    const { outbox, dispatcher, telegram } = harness();
    const group = { platform: "telegram", chatId: "telegram:-100777" };
    const card = { platform: "telegram", chatId: group.chatId, messageId: "5" };
    const first = await outbox.enqueueEdit(card, { text: "poll: 1 vote" });
    await outbox.enqueueEdit(card, { text: "poll: 2 votes" });
    let release = () => {};
    telegram.held.set(group.chatId, new Promise<void>((resolve) => (release = resolve)));
    const dispatching = dispatcher.dispatchDue();
    await waitFor(() => telegram.begun.length === 1);
    telegram.held.delete(group.chatId);
    clock.advance(600); // the edit reaches the platform 600 ms after it began
    release();
    await dispatching;
    assert.deepEqual(telegram.edits, ["5:poll: 1 vote"]);
    const ended = clock.now().getTime();
    const row = await get().first.db.outboxMessage.findUniqueOrThrow({ where: { id: first } });
    assert.equal(row.sentAt?.getTime(), ended, "recorded as sent when the edit ended");
    clock.advance(999);
    await dispatcher.dispatchDue();
    assert.deepEqual(telegram.edits, ["5:poll: 1 vote"], "a second after it began is too early");
    clock.advance(1);
    await dispatcher.dispatchDue();
    assert.deepEqual(telegram.edits, ["5:poll: 1 vote", "5:poll: 2 votes"]);
    const arrivals = telegram.delivered.map((a) => a.at);
    assert.ok(arrivals[1]! - arrivals[0]! >= 1_000, "a second apart where the platform counts");
  });

  it("reads a chat's recent sends with its claim once the platform's pace is known (PostgreSQL), to the same pace", async () => {
    const statements: string[] = [];
    const observed = await openDatabase(get().url, { observeStatement: (sql) => statements.push(sql) });
    try {
      const { outbox, dispatcher, telegram } = harness({ database: observed });
      const chat = { platform: "telegram", chatId: "telegram:77" }; // a private chat: one a second
      for (const text of ["one", "two", "three"]) await outbox.enqueue(chat, { text });
      statements.length = 0;
      await runUntil(dispatcher, () => telegram.delivered.length === 3, 250);
      const times = telegram.delivered.map((a) => a.at);
      assert.deepEqual(
        times.map((at) => at - times[0]!),
        [0, 1_000, 2_000],
      );
      const paceReads = statements.filter((sql) => sql.includes('SELECT "sentAt"')).length;
      if (observed.provider === "postgresql")
        assert.equal(paceReads, 1, "only the first row's chat history is read apart");
      else assert.ok(paceReads >= 3, "SQLite reads it for every row");
    } finally {
      await observed.close();
    }
  });

  it("two instances never send the same row and keep each chat's order", async () => {
    const log: Attempt[] = [];
    const sentBy = { first: 0, second: 0 };
    const instance = (which: "first" | "second") =>
      harness({
        database: get()[which],
        concurrency: 3,
        sharedLog: log,
        observer: { delivered: () => void sentBy[which]++ },
      });
    const first = instance("first");
    const second = instance("second");
    const chats = ["a", "b", "c", "d", "e"].map((c) => ({ platform: "test", chatId: `test:${c}` }));
    for (let n = 0; n < 10; n++) {
      for (const chat of chats) await first.outbox.enqueue(chat, { text: `${chat.chatId}#${n}` });
    }

    // Both connected before they race (a cold pool's first connection would let the other take every row),
    // and each starts first in every other round.
    await Promise.all([get().first.direct.query("SELECT 1"), get().second.direct.query("SELECT 1")]);
    for (let round = 0; round < 50; round++) {
      const [a, b] =
        round % 2 === 0
          ? await Promise.all([first.dispatcher.dispatchDue(), second.dispatcher.dispatchDue()])
          : await Promise.all([second.dispatcher.dispatchDue(), first.dispatcher.dispatchDue()]);
      if (a + b === 0) break;
    }

    const all = log.filter((a) => a.outcome === "sent");
    assert.equal(all.length, 50);
    assert.equal(new Set(all.map((a) => a.text)).size, 50, "no message sent twice");
    for (const chat of chats) {
      const sequence = all.filter((a) => a.chatId === chat.chatId).map((a) => Number(a.text.split("#")[1]));
      assert.deepEqual(sequence, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], `order in ${chat.chatId}`);
    }
    const rows = await get().first.db.outboxMessage.findMany();
    assert.ok(rows.every((r) => r.status === "sent" && r.attempts === 1));
    assert.ok(sentBy.first > 0 && sentBy.second > 0, `both instances sent: ${JSON.stringify(sentBy)}`);
  });

  it("sends a row again, once, after the instance that claimed it died", async () => {
    const { outbox, dispatcher, test } = harness({ leaseMs: 60_000 });
    await outbox.enqueue(ROOM, { text: "orphan" });
    await outbox.enqueue(ROOM, { text: "behind it" });
    const claimed = await outbox.claim({ owner: "dead-instance", now: clock.now(), leaseMs: 60_000, limit: 10 });
    assert.deepEqual(
      claimed.map((r) => r.id),
      [claimed[0]!.id],
      "only the head of a destination is claimable",
    );

    await dispatcher.dispatchDue();
    assert.equal(test.attempts.length, 0, "held by the dead instance's lease");
    clock.advance(60_001);
    await dispatcher.dispatchDue();
    assert.deepEqual(
      test.delivered.map((a) => a.text),
      ["orphan", "behind it"],
    );
    clock.advance(120_000);
    await dispatcher.dispatchDue();
    assert.equal(test.attempts.length, 2);
  });

  it("reports depth, the oldest message's age and dead letters", async () => {
    const { outbox } = harness();
    await outbox.enqueue(ROOM, { text: "one" });
    clock.advance(30_000);
    await outbox.enqueue({ platform: "test", chatId: "test:other" }, { text: "two" });
    clock.advance(15_000);
    assert.deepEqual(await outbox.stats(), { depth: 2, oldestAgeSeconds: 45, dead: 0 });
  });

  it("writes inside the caller's transaction: rolled back, nothing is queued", async () => {
    const { outbox } = harness();
    const { db } = get().first;
    await assert.rejects(
      db.$transaction(async (tx) => {
        await outbox.enqueue(ROOM, { text: "announce" }, "notice", tx);
        throw new Error("the change failed");
      }),
      /the change failed/,
    );
    assert.equal(await db.outboxMessage.count(), 0);
    await db.$transaction(async (tx) => {
      await outbox.enqueue(ROOM, { text: "announce" }, "notice", tx);
    });
    assert.equal(await db.outboxMessage.count(), 1);
  });

  it("keeps the thread a message goes to", async () => {
    const { outbox, dispatcher, test } = harness();
    await outbox.enqueue({ ...ROOM, threadId: "t-42" }, { text: "in a thread" });
    await dispatcher.dispatchDue();
    const row = await get().first.db.outboxMessage.findFirstOrThrow();
    assert.deepEqual(JSON.parse(row.sentRefs!), [
      { platform: "test", chatId: "test:room", messageId: "1", threadId: "t-42" },
    ]);
    assert.equal(test.delivered.length, 1);
  });

  it("sends at once when woken by an enqueue, without waiting for the poll", async () => {
    const { outbox, dispatcher, test } = harness({ clock: systemClock, pollMs: 60_000 });
    dispatcher.start();
    try {
      await outbox.enqueue(ROOM, { text: "now" });
      for (let waited = 0; test.delivered.length === 0 && waited < 2_000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(test.delivered.length, 1);
    } finally {
      await dispatcher.stop();
    }
  });

  it("flushes at shutdown, waiting for rows the rate limit holds back briefly", async () => {
    const { outbox, dispatcher, telegram } = harness({ clock: systemClock });
    const chat = { platform: "telegram", chatId: "telegram:42" };
    await outbox.enqueue(chat, { text: "a" });
    await outbox.enqueue(chat, { text: "b" });
    assert.equal(await dispatcher.flush(5_000), true);
    assert.deepEqual(
      telegram.delivered.map((a) => a.text),
      ["a", "b"],
    );
    assert.equal((await outbox.stats()).depth, 0);

    await outbox.enqueue(chat, { text: "c" });
    telegram.failures.push(new DeliveryError("429", { retryAfterMs: 60_000 }));
    const started = Date.now();
    assert.equal(await dispatcher.flush(300), false, "a retry beyond the deadline stays for the next start");
    assert.ok(Date.now() - started < 1_000);
    assert.equal((await outbox.stats()).depth, 1);
  });
});
