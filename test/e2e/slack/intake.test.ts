// Slack intake with the durable inbox, through the real Bolt against the
// fake Slack, over Socket Mode and HTTP, on both databases: a request is
// acknowledged only once it is stored; one stored but not handled when the
// process stopped is handled once by the next start; an Events API delivery
// that cannot be stored (the database is down) is not acknowledged, and its
// redelivery is handled once; a command that cannot be stored waits in memory
// for the database and is handled once it is back.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { SlackAdapter, type SlackAdapterOptions } from "../../../adapters/slack/slack-adapter.js";
import type { EventOutcome, EventSink, InboundEvent } from "../../../src/core/events.js";
import type { UpdateInbox } from "../../../src/core/update-inbox.js";
import { StoredUpdateInbox } from "../../../src/storage/repositories/update-inbox.js";
import { FakeWorkspace, serveSlackHttp, silentLogger } from "../../adapters/slack/support.js";
import { FakeSlack, type Via } from "../../fakes/slack/fake-slack.js";
import { forEachDatabase } from "../../support/databases.js";

/** A core stand-in: records each event's text; while `hold` is set, an event waits forever (a crash mid-work). */
function recordingSink(hold = false) {
  const seen: string[] = [];
  const sink: EventSink = {
    async handle(event: InboundEvent): Promise<EventOutcome> {
      seen.push(event.kind === "command" || event.kind === "message" ? event.text : event.kind);
      if (hold) await new Promise<never>(() => {});
      return { status: "handled" };
    },
    isAccepting: () => true,
  };
  return { sink, seen };
}

/** A core stand-in that cannot record anything while the database is down: it answers "unavailable", as the router does. */
function databaseDependentSink(database: { down: boolean }) {
  const handled: string[] = [];
  const state = { refused: 0 };
  const sink: EventSink = {
    async handle(event: InboundEvent): Promise<EventOutcome> {
      if (database.down) {
        state.refused++;
        return { status: "unavailable" };
      }
      handled.push(event.kind === "command" || event.kind === "message" ? event.text : event.kind);
      return { status: "handled" };
    },
    isAccepting: () => true,
  };
  return {
    sink,
    handled,
    get refused() {
      return state.refused;
    },
  };
}

/** The real inbox, with the database "down" (every write fails) while `down` is set. */
function faultyInbox(real: UpdateInbox) {
  const state = { down: false };
  const inbox: UpdateInbox = {
    keep: async (platform, entries) => {
      if (state.down) throw new Error("connection refused");
      await real.keep(platform, entries);
    },
    done: (platform, id) => real.done(platform, id),
    waiting: (platform) => real.waiting(platform),
    waitingIds: (platform) => real.waitingIds(platform),
    read: (platform, ids) => real.read(platform, ids),
  };
  return { inbox, state };
}

forEachDatabase("slack intake", (getDatabase) => {
  let fake: FakeSlack;
  let workspace: FakeWorkspace;
  let stored: StoredUpdateInbox;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    workspace = new FakeWorkspace(fake);
    workspace.channel("general");
    workspace.user("aino");
    stored = new StoredUpdateInbox(getDatabase());
  });
  afterAll(() => fake.stop());

  async function started(
    via: Via,
    sink: EventSink,
    inbox: UpdateInbox = stored,
    extra: Partial<SlackAdapterOptions> = {},
  ) {
    const adapter = new SlackAdapter({
      ...extra,
      botToken: fake.botToken,
      ...(via === "socket" ? { appToken: fake.appToken } : { signingSecret: fake.signingSecret }),
      apiUrl: fake.slackApiUrl,
      logger: silentLogger(),
      socketPingTimeoutMs: 300,
      inbox,
    });
    const server = via === "http" ? await serveSlackHttp(fake, adapter) : undefined;
    await adapter.start(sink);
    return {
      adapter,
      async stop() {
        await adapter.stop();
        await server?.close();
      },
    };
  }

  const waiting = async () => (await stored.waiting("slack")).map((entry) => entry.id);

  for (const via of ["socket", "http"] as Via[]) {
    describe(via, () => {
      it("a command stored and acknowledged, but not handled when the process stopped, is handled once at the next start", async () => {
        const first = recordingSink(true);
        const crashed = await started(via, first.sink);
        let resumed: Awaited<ReturnType<typeof started>> | undefined;
        try {
          const delivery = await fake.slashCommand(via, {
            command: "/talkoot",
            text: `help ${via}`,
            userId: workspace.user("aino"),
            channelId: workspace.channel("general"),
          });
          if (via === "socket") assert.ok(delivery.ack, "acknowledged once stored");
          else assert.equal(delivery.status, 200);
          await vi.waitFor(() => assert.deepEqual(first.seen, [`/help ${via}`]), { timeout: 30_000 });
          assert.equal((await waiting()).length, 1, "kept until the core is done with it");

          // The process dies with the command in the core: it never finishes there.
          await crashed.stop();
          const second = recordingSink();
          resumed = await started(via, second.sink);
          await vi.waitFor(async () => assert.deepEqual(await waiting(), []), { timeout: 30_000 });
          assert.deepEqual(second.seen, [`/help ${via}`]);
          assert.deepEqual(first.seen, [`/help ${via}`]);
        } finally {
          await resumed?.stop();
        }
      });

      it("an event that arrives while the database is down is not acknowledged; its redelivery is handled once", async () => {
        const recorded = recordingSink();
        const faulty = faultyInbox(stored);
        const running = await started(via, recorded.sink, faulty.inbox);
        try {
          faulty.state.down = true;
          const first = await fake.mention(
            via,
            workspace.channel("general"),
            workspace.user("aino"),
            `<@${fake.botUserId}> help ${via} outage`,
          );
          if (via === "socket") assert.equal(first.ack, undefined, "not acknowledged");
          else assert.notEqual(first.status, 200, "not acknowledged");
          assert.deepEqual(recorded.seen, []);

          faulty.state.down = false;
          const again = await fake.redeliver(first.id);
          if (via === "socket") assert.ok(again.ack, "acknowledged once stored");
          else assert.equal(again.status, 200);
          await vi.waitFor(() => assert.deepEqual(recorded.seen, [`/help ${via} outage`]), { timeout: 30_000 });
          await vi.waitFor(async () => assert.deepEqual(await waiting(), []), { timeout: 30_000 });
          await running.adapter.settle();
          assert.deepEqual(recorded.seen, [`/help ${via} outage`]);
        } finally {
          await running.stop();
        }
      });

      it("a command that arrives while the database is down is acknowledged as kept, waits in memory, and is handled once when it is back", async () => {
        const faulty = faultyInbox(stored);
        const recorded = databaseDependentSink(faulty.state);
        const running = await started(via, recorded.sink, faulty.inbox);
        try {
          faulty.state.down = true;
          const delivery = await fake.slashCommand(via, {
            command: "/talkoot",
            text: `help ${via} held`,
            userId: workspace.user("aino"),
            channelId: workspace.channel("general"),
          });
          const answer = via === "socket" ? JSON.stringify(delivery.ack?.payload ?? {}) : (delivery.body ?? "");
          assert.match(answer, /catching up: what you sent is kept/);
          assert.match(answer, /ephemeral/);
          await vi.waitFor(() => assert.ok(recorded.refused > 0, "tried while the database is down"), {
            timeout: 30_000,
          });
          assert.deepEqual(recorded.handled, []);

          faulty.state.down = false;
          await vi.waitFor(() => assert.deepEqual(recorded.handled, [`/help ${via} held`]), { timeout: 30_000 });
          await running.adapter.settle();
          assert.deepEqual(recorded.handled, [`/help ${via} held`], "handled once");
          assert.deepEqual(await waiting(), []);
        } finally {
          await running.stop();
        }
      });

      it("with no room left in memory, a command during an outage is answered 'try again', not kept", async () => {
        const faulty = faultyInbox(stored);
        const recorded = databaseDependentSink(faulty.state);
        const running = await started(via, recorded.sink, faulty.inbox, { maxWaitingForDatabase: 0 });
        try {
          faulty.state.down = true;
          const delivery = await fake.slashCommand(via, {
            command: "/talkoot",
            text: "help",
            userId: workspace.user("aino"),
            channelId: workspace.channel("general"),
          });
          const answer = via === "socket" ? JSON.stringify(delivery.ack?.payload ?? {}) : (delivery.body ?? "");
          assert.match(answer, /catching up\. Please try again/);
          await running.adapter.settle();
          faulty.state.down = false;
          assert.equal(recorded.refused, 0);
          assert.deepEqual(recorded.handled, []);
          assert.deepEqual(await waiting(), []);
        } finally {
          await running.stop();
        }
      });
    });
  }
});
