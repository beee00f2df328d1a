// Slack is acknowledged before the core works: with a core that has not
// finished (a slow database), the command is still acked within Slack's 3 s,
// over Socket Mode and over HTTP, and the core gets it afterwards.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import type { EventOutcome, EventSink, InboundEvent } from "../../../src/core/events.js";
import { FakeSlack, type Via } from "../../fakes/slack/fake-slack.js";
import { FakeWorkspace, serveSlackHttp, silentLogger } from "./support.js";

/** A core that takes an event and does not finish until released. */
function stalledCore() {
  let release: (outcome: EventOutcome) => void = () => {};
  let arrived: (event: InboundEvent) => void = () => {};
  const received = new Promise<InboundEvent>((resolve) => (arrived = resolve));
  const sink: EventSink = {
    handle: (event) => {
      arrived(event);
      return new Promise((resolve) => (release = resolve));
    },
  };
  return { sink, received, release: (outcome: EventOutcome) => release(outcome) };
}

/** The adapter against the fake, over Socket Mode or HTTP. */
function adapterOn(fake: FakeSlack, via: Via): SlackAdapter {
  return new SlackAdapter({
    botToken: fake.botToken,
    ...(via === "socket" ? { appToken: fake.appToken } : { signingSecret: fake.signingSecret }),
    apiUrl: fake.slackApiUrl,
    logger: silentLogger(),
  });
}

for (const via of ["socket", "http"] as Via[]) {
  describe(`acknowledging first [${via}]`, () => {
    it("acks a command while the core is still busy with it", async () => {
      const fake = await FakeSlack.start();
      const workspace = new FakeWorkspace(fake);
      const core = stalledCore();
      const adapter = adapterOn(fake, via);
      const server = via === "http" ? await serveSlackHttp(fake, adapter) : undefined;
      try {
        await adapter.start(core.sink);
        const delivery = await fake.slashCommand(via, {
          command: "/talkoot",
          text: "task list",
          userId: workspace.user("aino"),
          channelId: workspace.channel("general"),
        });
        if (via === "socket") assert.ok(delivery.ack, "acked within 3 s although the core has not finished");
        else assert.equal(delivery.status, 200);
        const event = await core.received;
        assert.equal(event.kind === "command" && event.text, "/task list");
        core.release({ status: "handled" });
        await adapter.settle();
      } finally {
        await adapter.stop();
        await server?.close();
        await fake.stop();
      }
    });

    it("keeps an acknowledged command while the database is down, and hands it over again once it is back", async () => {
      const fake = await FakeSlack.start();
      const workspace = new FakeWorkspace(fake);
      const seen: string[] = [];
      let databaseUp = false;
      let handed: () => void = () => {};
      const handledOnce = new Promise<void>((resolve) => (handed = resolve));
      const sink: EventSink = {
        async handle(event) {
          seen.push(event.eventId);
          if (!databaseUp) {
            databaseUp = true; // back for the next try
            return { status: "unavailable" };
          }
          handed();
          return { status: "handled" };
        },
        isAccepting: () => true,
      };
      const adapter = adapterOn(fake, via);
      const server = via === "http" ? await serveSlackHttp(fake, adapter) : undefined;
      try {
        await adapter.start(sink);
        await fake.slashCommand(via, {
          command: "/talkoot",
          text: "task list",
          userId: workspace.user("aino"),
          channelId: workspace.channel("general"),
        });
        await handledOnce;
        await adapter.settle();
        // One event, refused once while the database was down, then handled: the same event id twice, no more.
        assert.equal(seen.length, 2);
        assert.equal(seen[0], seen[1]);
      } finally {
        await adapter.stop();
        await server?.close();
        await fake.stop();
      }
    });
  });
}
