// The contract every adapter passes: inbound mapping, de-duplication, send,
// edit and the button round trip, long text, mention safety, and capability
// flags that match the methods present. An adapter plugs in a harness that
// drives its platform (a fake server, or in-memory streams); the suite runs a
// real core on a real database (SQLite and PostgreSQL) against it.
import assert from "node:assert/strict";
import { afterEach, beforeEach, it, vi } from "vitest";
import type { ChatAdapter } from "../../src/core/adapter.js";
import { systemClock } from "../../src/core/clock.js";
import type { Feature } from "../../src/core/commands.js";
import { AdapterRegistry, Delivery } from "../../src/core/delivery.js";
import type { EventSink, InboundEvent } from "../../src/core/events.js";
import { createLogger } from "../../src/core/logger.js";
import { OutboxDispatcher } from "../../src/outbox/dispatcher.js";
import { Outbox } from "../../src/outbox/outbox.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabase } from "../support/databases.js";
import { testRouter } from "../support/test-router.js";

export interface VisibleMessage {
  text: string;
  buttons: string[];
}

export type ReplyRefusal = "rateLimited" | "serverError";

export interface ContractHarness {
  adapter: ChatAdapter;
  /** A group chat the harness's platform knows, in the harness's own terms. */
  groupChat: string;
  /** Makes the platform deliver a command typed by `user` in `chat`. */
  sendCommand(chat: string, user: string, text: string): Promise<void>;
  /** Delivers the previous inbound event again, as the platform does on a retry. */
  redeliverLast(): Promise<void>;
  /** Presses the button labelled `label` on the newest bot message in `chat` that has one. */
  press(chat: string, user: string, label: string): Promise<void>;
  /** The bot's messages in `chat` as everyone in it sees them now (after edits), oldest first. */
  visibleMessages(chat: string): Promise<VisibleMessage[]>;
  /** Texts the bot showed `user` alone: ephemeral messages to them and their direct chat, oldest first. */
  privateTexts(user: string): Promise<string[]>;
  /**
   * Makes the platform refuse the bot's next reply for a while: a rate limit
   * (with the platform's retry-after, or Slack's `ratelimited`) or a 5xx,
   * refused as often as the SDK retries by itself, so the refusal reaches the
   * core. Absent where the platform cannot refuse (a terminal).
   */
  refuseNextReply?(refusal: ReplyRefusal): void;
  close(): Promise<void>;
}

class Recorder implements EventSink {
  readonly events: InboundEvent[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  constructor(private readonly inner: EventSink) {}

  async handle(event: InboundEvent) {
    const outcome = await this.inner.handle(event);
    this.events.push(event);
    const due = this.waiters.filter((w) => this.events.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.events.length < w.count);
    for (const waiter of due) waiter.resolve();
    return outcome;
  }

  /** Resolves once `count` events have been handled in all. */
  waitFor(count: number, ms = 10_000): Promise<void> {
    if (this.events.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.events.length} of ${count} events arrived`)), ms);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

interface Effects {
  echoes: number;
  presses: number;
  /** Options picked on the /choices card, in order. */
  picked: string[];
  /** Secrets made by /secret: only once there is a private place for them. */
  secrets: number;
  seen: InboundEvent[];
}

function contractFeature(effects: Effects, longLength: () => number): Feature {
  const counterButton = [[{ label: "Count", action: "contract.count", args: [] }]];
  const empty = { en: {}, fi: {}, sv: {} };
  return {
    name: "contract",
    translations: { namespace: "contract", ...empty },
    commands: [
      {
        name: "echo",
        summary: "contract:echo",
        fallback: {
          usage: "contract:echo",
          min: 1,
          max: 1,
          rest: true,
          async run(ctx, { args }) {
            effects.echoes++;
            effects.seen.push(ctx.event);
            await ctx.reply({ text: `echo: ${args[0]}`, buttons: counterButton });
          },
        },
      },
      {
        name: "secret",
        summary: "contract:secret",
        fallback: {
          usage: "contract:secret",
          async run(ctx) {
            await ctx.replySecret(async () => `secret: s3cret-${++effects.secrets}`);
          },
        },
      },
      {
        name: "choices",
        summary: "contract:choices",
        fallback: {
          usage: "contract:choices",
          async run(ctx) {
            // A 10-option poll's worth of buttons in one row, and a row of its own for closing.
            const options = Array.from({ length: 10 }, (_, i) => ({
              label: `Option ${i + 1}`,
              action: "contract.pick",
              args: [String(i + 1)],
            }));
            await ctx.reply({
              text: "Pick one",
              buttons: [options, [{ label: "Close", action: "contract.pick", args: ["close"] }]],
            });
          },
        },
      },
      {
        name: "long",
        summary: "contract:long",
        fallback: {
          usage: "contract:long",
          async run(ctx) {
            const words = Math.ceil((longLength() * 1.5) / 6);
            await ctx.reply({ text: `${"word. ".repeat(words)}END` });
          },
        },
      },
    ],
    actions: [
      {
        name: "contract.pick",
        async run(ctx, args) {
          effects.picked.push(args[0] ?? "");
          await ctx.reply(`picked ${args[0]}`);
        },
      },
      {
        name: "contract.count",
        async run(ctx) {
          effects.presses++;
          effects.seen.push(ctx.event);
          await ctx.updateSource({ text: `count ${effects.presses}`, buttons: counterButton });
        },
      },
    ],
  };
}

export function runAdapterContract(name: string, createHarness: () => Promise<ContractHarness>): void {
  forEachDatabase(`adapter contract: ${name}`, (getDatabase) => {
    let harness: ContractHarness;
    let recorder: Recorder;
    let effects: Effects;
    let dispatcher: OutboxDispatcher;

    beforeEach(async () => {
      harness = await createHarness();
      const store = new Store(getDatabase());
      const logger = createLogger({ level: "silent" });
      // The outbox, as in the app: where a reply the platform refuses for now waits.
      const outbox = new Outbox(store.database, systemClock);
      const registry = new AdapterRegistry();
      registry.register(harness.adapter);
      const sender = new Delivery(registry, store.storedActions, store.directory);
      dispatcher = new OutboxDispatcher({ outbox, sender, clock: systemClock, logger }, { pollMs: 200 });
      const router = testRouter(store, [harness.adapter], logger, outbox);
      effects = { echoes: 0, presses: 0, picked: [], secrets: 0, seen: [] };
      router.use(contractFeature(effects, () => harness.adapter.capabilities.maxTextLength));
      recorder = new Recorder(router);
      await harness.adapter.start(recorder);
      dispatcher.start();
    });

    afterEach(async () => {
      await dispatcher.stop();
      await harness.adapter.stop();
      await harness.close();
    });

    it("declares capability flags that match the methods it has", () => {
      const { adapter } = harness;
      const caps = adapter.capabilities;
      assert.equal(caps.editMessage, typeof adapter.edit === "function", "editMessage ⇔ edit()");
      assert.equal(caps.nativePolls, typeof adapter.createPoll === "function", "nativePolls ⇔ createPoll()");
      assert.equal(caps.directMessages, typeof adapter.openDirect === "function", "directMessages ⇔ openDirect()");
      if (adapter.sendEphemeral) assert.ok(caps.ephemeral, "sendEphemeral() ⇒ ephemeral");
      assert.ok(caps.maxTextLength > 0 && Number.isInteger(caps.maxTextLength));
      assert.ok(caps.ackDeadlineMs > 0);
      assert.ok(/^[a-z]+$/.test(adapter.platform));
    });

    it("maps an inbound command to a neutral event with namespaced ids", async () => {
      await harness.sendCommand(harness.groupChat, "alice", "/echo hello there");
      await recorder.waitFor(1);
      const event = effects.seen[0]!;
      assert.equal(event.kind, "command");
      assert.equal(event.platform, harness.adapter.platform);
      assert.ok(event.eventId.length > 0);
      assert.ok(event.conversation.chatId.startsWith(`${harness.adapter.platform}:`), event.conversation.chatId);
      assert.ok(event.author.id.startsWith(`${harness.adapter.platform}:`), event.author.id);
      assert.equal(event.kind === "command" && event.text, "/echo hello there");
      const messages = await harness.visibleMessages(harness.groupChat);
      assert.equal(messages.at(-1)?.text, "echo: hello there");
      assert.deepEqual(messages.at(-1)?.buttons, ["Count"]);
    });

    it("gives a redelivered event one effect", async () => {
      await harness.sendCommand(harness.groupChat, "alice", "/echo once");
      await recorder.waitFor(1);
      await harness.redeliverLast();
      await recorder.waitFor(2);
      assert.equal(effects.echoes, 1);
      const echoes = (await harness.visibleMessages(harness.groupChat)).filter((m) => m.text === "echo: once");
      assert.equal(echoes.length, 1);
    });

    it("round-trips a button press into an updated card", async () => {
      await harness.sendCommand(harness.groupChat, "alice", "/echo card");
      await recorder.waitFor(1);
      const before = (await harness.visibleMessages(harness.groupChat)).length;
      await harness.press(harness.groupChat, "bob", "Count");
      await recorder.waitFor(2);
      const press = effects.seen[1]!;
      // Without buttons, the core's fallback is a typed `/press <id>` command.
      assert.equal(press.kind, harness.adapter.capabilities.buttons ? "action" : "command");
      assert.equal(press.author.id.startsWith(`${harness.adapter.platform}:`), true);
      const after = await harness.visibleMessages(harness.groupChat);
      assert.equal(after.at(-1)?.text, "count 1");
      // Edited in place where the platform can edit; a new message otherwise.
      assert.equal(after.length, harness.adapter.capabilities.editMessage ? before : before + 1);
    });

    it("shows every one of eleven choices, as buttons or /press lines, and each can be picked", async () => {
      const before = (await harness.visibleMessages(harness.groupChat)).length;
      await harness.sendCommand(harness.groupChat, "alice", "/choices");
      await recorder.waitFor(1);
      // On a platform with short messages the /press lines may run over into a second part.
      const parts = (await harness.visibleMessages(harness.groupChat)).slice(before);
      const offered = parts.flatMap((m) => m.buttons);
      const labels = [...Array.from({ length: 10 }, (_, i) => `Option ${i + 1}`), "Close"];
      assert.deepEqual([...offered].sort(), [...labels].sort(), "each choice offered once");
      await harness.press(harness.groupChat, "bob", "Option 10");
      await recorder.waitFor(2);
      assert.deepEqual(effects.picked, ["10"]);
    });

    it("splits text longer than the platform allows, losing nothing", async () => {
      await harness.sendCommand(harness.groupChat, "alice", "/long");
      await recorder.waitFor(1);
      const messages = await harness.visibleMessages(harness.groupChat);
      assert.ok(messages.length >= 2, "long text arrives in parts");
      for (const m of messages) assert.ok(m.text.length <= harness.adapter.capabilities.maxTextLength);
      const all = messages.map((m) => m.text).join(" ");
      assert.ok(all.trimEnd().endsWith("END"));
      const words = Math.ceil((harness.adapter.capabilities.maxTextLength * 1.5) / 6);
      assert.equal(all.match(/word\./g)?.length, words);
    });

    it("gives a secret only where its owner alone sees it, or refuses in the chat and makes none", async () => {
      await harness.sendCommand(harness.groupChat, "alice", "/secret");
      await recorder.waitFor(1);
      const shared = (await harness.visibleMessages(harness.groupChat)).map((m) => m.text).join("\n");
      assert.doesNotMatch(shared, /s3cret/, "never in the shared chat, not even with a mention");
      const caps = harness.adapter.capabilities;
      if (!caps.ephemeral && !caps.directMessages) assert.equal(effects.secrets, 0, "no private place: no secret");
      if (effects.secrets === 0) {
        assert.match(shared, /I give this only privately/);
      } else {
        assert.equal(effects.secrets, 1);
        assert.match((await harness.privateTexts("alice")).join("\n"), /secret: s3cret-1/);
      }
    });

    for (const refusal of ["rateLimited", "serverError"] as const) {
      it(`delivers a reply the platform refused (${refusal}) once it allows, never as an error`, async (context) => {
        if (!harness.refuseNextReply) return context.skip();
        const before = (await harness.visibleMessages(harness.groupChat)).length;
        harness.refuseNextReply(refusal);
        await harness.sendCommand(harness.groupChat, "alice", "/echo patience");
        await recorder.waitFor(1);
        assert.equal(effects.echoes, 1);
        await vi.waitFor(
          async () => {
            const texts = (await harness.visibleMessages(harness.groupChat)).map((m) => m.text);
            assert.ok(texts.includes("echo: patience"), "the reply arrives");
          },
          { timeout: 20_000, interval: 100 },
        );
        const after = (await harness.visibleMessages(harness.groupChat)).slice(before);
        assert.deepEqual(
          after.map((m) => m.text),
          ["echo: patience"],
          "the reply once, and no error line",
        );
        assert.deepEqual(after[0]?.buttons, ["Count"]);
      });
    }

    it("never lets echoed user text ping everyone", async () => {
      await harness.sendCommand(harness.groupChat, "alice", "/echo @everyone @here <!channel>");
      await recorder.waitFor(1);
      const text = (await harness.visibleMessages(harness.groupChat)).at(-1)?.text ?? "";
      assert.ok(text.startsWith("echo: "));
      assert.doesNotMatch(text, /@everyone|@here|<!channel>/);
    });
  });
}
