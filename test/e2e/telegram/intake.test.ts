// Intake: Telegram is told an update arrived (the long-poll offset, a
// webhook's 200) only once it is in Talkoot's hands, stored in the durable
// inbox or handled. A process that dies with updates still in its lanes
// handles them at the next start, once each.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { OFFSET_KEY } from "../../../adapters/telegram/state.js";
import { TelegramAdapter, type TelegramAdapterOptions } from "../../../adapters/telegram/telegram-adapter.js";
import type { EventOutcome, EventSink, InboundEvent } from "../../../src/core/events.js";
import { openDatabase } from "../../../src/storage/database.js";
import { AdapterState } from "../../../src/storage/repositories/adapter-state.js";
import { StoredUpdateInbox } from "../../../src/storage/repositories/update-inbox.js";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { TcpProxy } from "../../support/tcp-proxy.js";
import { RELAXED_THROTTLE, silentLogger, startTelegramApp, uniqueFirstUpdateId } from "./support.js";

const GROUP = -1001000000014;
const ALICE = 1401;
const BOB = 1402;

/** A core stand-in: records each event's text; a text listed in `hold` waits until released (a busy lane). */
function recordingSink(hold: string[] = [], refuse = () => false) {
  const seen: string[] = [];
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const sink: EventSink = {
    async handle(event: InboundEvent): Promise<EventOutcome> {
      const text = event.kind === "command" ? event.text : event.kind;
      if (refuse()) {
        seen.push(`refused ${text}`);
        return { status: "unavailable" };
      }
      seen.push(`start ${text}`);
      if (hold.includes(text)) await held;
      seen.push(`end ${text}`);
      return { status: "handled" };
    },
  };
  return { sink, seen, release };
}

forEachDatabase("telegram intake", (getDatabase, provider) => {
  let fake: FakeTelegram;
  let inbox: StoredUpdateInbox;
  let state: AdapterState;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
    fake.addChat({ id: GROUP, type: "supergroup", title: "Kallio Friends" });
    fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
    fake.addUser({ id: BOB, first_name: "Bob", username: "bob", startedBot: true });
    fake.setMember(GROUP, ALICE, "creator");
    fake.setMember(GROUP, BOB, "member");
    inbox = new StoredUpdateInbox(getDatabase());
    state = new AdapterState(getDatabase());
  });

  afterAll(() => fake.stop());

  function adapter(extra: Partial<TelegramAdapterOptions> = {}): TelegramAdapter {
    return new TelegramAdapter({
      token: fake.token,
      apiRoot: fake.apiRoot,
      state,
      inbox,
      logger: silentLogger,
      commandMenu: () => [{ command: "help", description: "Help" }],
      throttle: RELAXED_THROTTLE,
      // A crash, as far as the busy lane can tell: stop() does not wait for it.
      stopGraceMs: 50,
      ...extra,
    });
  }

  describe("long polling", () => {
    it("confirms a batch once stored, though its lanes are busy; after a crash the restart handles the rest once", async () => {
      const first = recordingSink(["/help hold"]);
      const crashed = adapter();
      await crashed.start(first.sink);
      let resumed: TelegramAdapter | undefined;
      try {
        const hold = fake.sendText(GROUP, ALICE, "/help hold");
        const next = fake.sendText(GROUP, ALICE, "/help next");
        const elsewhere = fake.sendText(BOB, BOB, "/help elsewhere");
        await vi.waitFor(() => assert.ok(first.seen.includes("end /help elsewhere")), { timeout: 30_000 });
        await fake.waitForHeldPoll();
        // Telegram has the whole batch confirmed; the inbox holds what is not done yet.
        assert.equal(fake.pendingUpdateCount, 0);
        await vi.waitFor(async () => assert.equal(await state.get(OFFSET_KEY), String(elsewhere.update_id + 1)));
        await vi.waitFor(
          async () =>
            assert.deepEqual(
              (await inbox.waiting("telegram")).map((entry) => entry.id),
              [hold.update_id, next.update_id].map(String),
            ),
          { timeout: 30_000 },
        );
        assert.ok(!first.seen.includes("start /help next"), "the chat's next command waits behind the busy one");

        // The process dies: the busy command never finishes there.
        await crashed.stop();
        const second = recordingSink();
        resumed = adapter();
        await resumed.start(second.sink);
        await vi.waitFor(async () => assert.deepEqual(await inbox.waiting("telegram"), []), { timeout: 30_000 });
        assert.deepEqual(second.seen, ["start /help hold", "end /help hold", "start /help next", "end /help next"]);
        await fake.waitForHeldPoll();
        assert.equal(fake.pendingUpdateCount, 0);
      } finally {
        first.release();
        await resumed?.stop();
      }
      // The crashed process, released late, does not handle anything after its stop.
      assert.ok(!first.seen.includes("start /help next"));
    });

    it("stores the offset at most once a pace: the batches between wait for the next store, and stop stores the last", async () => {
      const recording = recordingSink();
      const polling = adapter({ pollOffsetStoreEveryMs: 60_000 });
      await polling.start(recording.sink);
      const sent: Array<{ update_id: number }> = [];
      try {
        // Three batches, one after another: each is handled before the next is sent.
        for (const text of ["/help one", "/help two", "/help three"]) {
          sent.push(fake.sendText(ALICE, ALICE, text));
          await vi.waitFor(() => assert.ok(recording.seen.includes(`end ${text}`)), { timeout: 30_000 });
          await fake.waitForHeldPoll();
        }
        // Telegram has every batch confirmed; the first batch's offset was stored at once, the rest wait for the pace.
        assert.equal(fake.pendingUpdateCount, 0);
        await vi.waitFor(async () => assert.equal(await state.get(OFFSET_KEY), String(sent[0]!.update_id + 1)));
      } finally {
        await polling.stop();
      }
      assert.equal(await state.get(OFFSET_KEY), String(sent.at(-1)!.update_id + 1));
    });
  });

  describe("an update another claim still holds", () => {
    it("stays in the inbox while the claim of a process that just died runs out, then is handled once", async () => {
      // The core answers "duplicate, in progress" until the dead process's lease runs out, then takes it.
      const seen: string[] = [];
      let claimRunOut = false;
      const sink: EventSink = {
        async handle(event: InboundEvent): Promise<EventOutcome> {
          const text = event.kind === "command" ? event.text : event.kind;
          if (!claimRunOut) {
            seen.push(`held ${text}`);
            return { status: "duplicate", inProgress: true };
          }
          seen.push(`handled ${text}`);
          return { status: "handled" };
        },
      };
      const restarted = adapter();
      await restarted.start(sink);
      try {
        const update = fake.sendText(GROUP, ALICE, "/help held");
        await vi.waitFor(() => assert.ok(seen.includes("held /help held")), { timeout: 30_000 });
        // Acknowledged to Telegram, and kept: not dropped as a duplicate.
        await fake.waitForHeldPoll();
        assert.equal(fake.pendingUpdateCount, 0);
        assert.deepEqual(
          (await inbox.waiting("telegram")).map((entry) => entry.id),
          [String(update.update_id)],
        );
        claimRunOut = true;
        await vi.waitFor(async () => assert.deepEqual(await inbox.waiting("telegram"), []), { timeout: 30_000 });
        assert.deepEqual(
          seen.filter((entry) => entry.startsWith("handled")),
          ["handled /help held"],
        );
      } finally {
        await restarted.stop();
      }
    });
  });

  describe("a flood in one group", () => {
    it("60 commands from one member and the admin's /help, crashed mid-way: each handled exactly once over the two runs", async () => {
      const first = recordingSink(["/help 10"]);
      const crashed = adapter();
      await crashed.start(first.sink);
      let resumed: TelegramAdapter | undefined;
      try {
        const flood = Array.from({ length: 60 }, (_, i) => fake.sendText(GROUP, BOB, `/help ${i}`));
        fake.sendText(GROUP, ALICE, "/help admin");
        // The member's 11th command hangs; everything before it is done and out of the inbox.
        await vi.waitFor(async () => assert.equal((await inbox.waiting("telegram")).length, 50), { timeout: 30_000 });
        await fake.waitForHeldPoll();
        assert.equal(fake.pendingUpdateCount, 0);
        // The admin took a turn early, not after the flood.
        assert.ok(first.seen.indexOf("end /help admin") < first.seen.indexOf("start /help 10"));
        await crashed.stop();
        const second = recordingSink();
        resumed = adapter();
        await resumed.start(second.sink);
        await vi.waitFor(async () => assert.deepEqual(await inbox.waiting("telegram"), []), { timeout: 30_000 });
        const handled = [...first.seen, ...second.seen].filter((line) => line.startsWith("end ")).sort();
        const expected = [...flood.map((_, i) => `end /help ${i}`), "end /help admin"].sort();
        assert.deepEqual(handled, expected, "each command handled once: none lost, none twice");
      } finally {
        first.release();
        await resumed?.stop();
      }
    });
  });

  describe("webhook", () => {
    let hooked: FakeTelegram;
    let server: http.Server;
    let route: http.RequestListener = (_req, res) => res.writeHead(503).end();
    let url = "";

    beforeAll(async () => {
      server = http.createServer((req, res) => route(req, res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram`;
      hooked = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), webhookRetryMs: 50 });
      hooked.addChat({ id: GROUP, type: "supergroup", title: "Kallio Friends" });
      hooked.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
      hooked.setMember(GROUP, ALICE, "creator");
    });

    afterAll(async () => {
      await hooked.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    });

    async function webhookAdapter(sink: EventSink, extra: Partial<TelegramAdapterOptions> = {}) {
      const built = adapter({
        token: hooked.token,
        apiRoot: hooked.apiRoot,
        webhook: { url, secret: "s3cret" },
        ...extra,
      });
      const handler = built.webhookHandler();
      route = handler;
      await built.start(sink);
      return built;
    }

    it("answers 200 once the update is stored, though its lane is busy; after a crash the restart handles it once", async () => {
      const first = recordingSink(["/help hold"]);
      const crashed = await webhookAdapter(first.sink);
      let resumed: TelegramAdapter | undefined;
      try {
        const hold = hooked.sendText(GROUP, ALICE, "/help hold");
        assert.equal((await hooked.deliveryOf(hold)).status, 200);
        await vi.waitFor(() => assert.ok(first.seen.includes("start /help hold")), { timeout: 30_000 });
        assert.deepEqual(
          (await inbox.waiting("telegram")).map((entry) => entry.id),
          [String(hold.update_id)],
        );
        await crashed.stop();
        const second = recordingSink();
        resumed = await webhookAdapter(second.sink);
        await vi.waitFor(async () => assert.deepEqual(await inbox.waiting("telegram"), []), { timeout: 30_000 });
        assert.deepEqual(second.seen, ["start /help hold", "end /help hold"]);
      } finally {
        first.release();
        await resumed?.stop();
      }
    });

    it.runIf(provider === "postgresql")(
      "answers 503 while the inbox cannot be written (the database is down), and 200 once it can",
      async () => {
        const real = new URL(getDatabase().url);
        const proxy = new TcpProxy(real.hostname, Number(real.port || 5432));
        const proxied = new URL(real);
        proxied.host = `127.0.0.1:${await proxy.listen()}`;
        const database = await openDatabase(proxied.toString());
        const recorded = recordingSink();
        const built = await webhookAdapter(recorded.sink, { inbox: new StoredUpdateInbox(database) });
        try {
          proxy.pause();
          const update = hooked.sendText(GROUP, ALICE, "/help outage");
          assert.equal((await hooked.deliveryOf(update)).status, 503);
          assert.deepEqual(recorded.seen, []);
          proxy.resume();
          await vi.waitFor(() => assert.deepEqual(recorded.seen, ["start /help outage", "end /help outage"]), {
            timeout: 30_000,
          });
          const answers = hooked.webhookDeliveries.filter((d) => d.update.update_id === update.update_id);
          assert.equal(answers.filter((d) => d.status === 200).length, 1);
          await vi.waitFor(async () => assert.deepEqual(await inbox.waiting("telegram"), []), { timeout: 30_000 });
        } finally {
          proxy.resume();
          await built.stop();
          await database.close();
          await proxy.close();
        }
      },
    );

    it("without an inbox, answers only once handled: an update the core does not take gets 503 and comes again", async () => {
      let refusing = true;
      const recorded = recordingSink([], () => refusing);
      const built = await webhookAdapter(recorded.sink, { inbox: undefined });
      try {
        const update = hooked.sendText(GROUP, ALICE, "/help again");
        assert.equal((await hooked.deliveryOf(update)).status, 503);
        refusing = false;
        await vi.waitFor(
          () =>
            assert.ok(
              hooked.webhookDeliveries.some((d) => d.update.update_id === update.update_id && d.status === 200),
            ),
          { timeout: 30_000 },
        );
        assert.equal(recorded.seen.filter((line) => line === "end /help again").length, 1);
      } finally {
        await built.stop();
      }
    });
  });

  // PostgreSQL behind a proxy that can be cut; SQLite is a file in the process and does not go down this way.
  describe.runIf(provider === "postgresql")("a database outage", () => {
    it("acknowledges nothing while the database is down, and handles each update once when it is back", async () => {
      const real = new URL(getDatabase().url);
      const proxy = new TcpProxy(real.hostname, Number(real.port || 5432));
      const proxied = new URL(real);
      proxied.host = `127.0.0.1:${await proxy.listen()}`;
      const outage = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
      outage.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
      const tg = await startTelegramApp(proxied.toString(), outage);
      try {
        await outage.waitForHeldPoll();
        proxy.pause();
        const texts = ["/help", "/help setup", "/help lang"];
        const sent = texts.map((text) => outage.sendText(ALICE, ALICE, text));
        const since = outage.calls.length;
        const offered = () =>
          outage.calls
            .slice(since)
            .filter(
              (call) =>
                call.method === "getUpdates" &&
                call.response.body?.ok === true &&
                (call.response.body.result as Array<{ update_id: number }>).some(
                  (u) => u.update_id === sent[0]!.update_id,
                ),
            ).length;
        // Not stored, so not confirmed: Telegram offers the same updates again.
        await vi.waitFor(() => assert.ok(offered() >= 2), { timeout: 30_000 });
        assert.equal(outage.pendingUpdateCount, 3);
        assert.equal(outage.calls.slice(since).filter((call) => call.method === "sendMessage").length, 0);

        proxy.resume();
        await vi.waitFor(
          () => assert.equal(outage.calls.slice(since).filter((call) => call.method === "sendMessage").length, 3),
          { timeout: 60_000 },
        );
        await vi.waitFor(async () => assert.deepEqual(await inbox.waiting("telegram"), []), { timeout: 30_000 });
        await outage.waitForHeldPoll();
        assert.equal(outage.pendingUpdateCount, 0);
        // Each once: no fourth answer came with the final poll.
        assert.equal(outage.calls.slice(since).filter((call) => call.method === "sendMessage").length, 3);
      } finally {
        proxy.resume();
        await tg.close();
        await outage.stop();
        await proxy.close();
      }
    });
  });
});
