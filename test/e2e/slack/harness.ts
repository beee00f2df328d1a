// A whole Talkoot (buildApp, real core, fresh database) with the Slack
// adapter on the real Bolt, talking to the fake Slack over Socket Mode or
// signed HTTP. HTTP mode gets a small node:http server in the test that
// mounts the adapter's handler at /slack/events, as the backbone would
// (serveSlackHttp).
import assert from "node:assert/strict";
import { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import type { Feature } from "../../../src/core/commands.js";
import type { EventOutcome, InboundEvent } from "../../../src/core/events.js";
import { storedLocales } from "../../../src/domain/flows/form-asker.js";
import { guidedForms } from "../../../src/domain/flows/guided-forms.js";
import type { Provider } from "../../../src/storage/database-url.js";
import { botMessages, FakeWorkspace, serveSlackHttp, silentLogger, visibleText } from "../../adapters/slack/support.js";
import { type Delivery, FakeSlack, type Via } from "../../fakes/slack/fake-slack.js";
import { freshDatabase, type TestDatabase } from "../../support/databases.js";
import { lateInbox } from "../../support/late-inbox.js";
import { startTestApp, type TestApp } from "../../support/test-app.js";

/** Events the core has finished with, in order, for tests to wait on (no sleeps). */
export class Handled {
  readonly list: { event: InboundEvent; outcome: EventOutcome }[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  add(event: InboundEvent, outcome: EventOutcome): void {
    this.list.push({ event, outcome });
    const due = this.waiters.filter((w) => this.list.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.list.length < w.count);
    for (const waiter of due) waiter.resolve();
  }

  get count(): number {
    return this.list.length;
  }

  // Generous: on a loaded 2-core machine a redelivery over Socket Mode can take seconds.
  waitFor(count: number, ms = 30_000): Promise<void> {
    if (this.list.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.list.length} of ${count} events handled`)), ms);
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

/** A button that counts presses and toasts, so a press has something to edit. */
function counterFeature(): Feature {
  let presses = 0;
  const button = [[{ label: "Count", action: "e2e.count", args: [] }]];
  return {
    name: "e2e",
    translations: { namespace: "e2e", en: {}, fi: {}, sv: {} },
    commands: [
      {
        name: "counter",
        hidden: true,
        summary: "e2e:counter",
        fallback: {
          usage: "e2e:counter",
          async run(ctx) {
            await ctx.reply({ text: "count 0", buttons: button });
          },
        },
      },
    ],
    actions: [
      {
        name: "e2e.count",
        async run(ctx) {
          presses++;
          ctx.toast(`Counted: ${presses}`);
          await ctx.updateSource({ text: `count ${presses}`, buttons: button });
        },
      },
    ],
  };
}

export interface SlackE2E {
  via: Via;
  fake: FakeSlack;
  workspace: FakeWorkspace;
  adapter: SlackAdapter;
  app: TestApp;
  handled: Handled;
  general: string;
  /** Types `/talkoot <text>` as `user`; resolves once the core has handled it. */
  talkoot(user: string, text: string, channel?: string): Promise<{ delivery: Delivery; outcome: EventOutcome }>;
  /** The newest bot message in a channel, as people read it. */
  lastText(channel?: string): string;
  close(): Promise<void>;
}

/** `env`: more configuration (e.g. HTTP_PORT, PUBLIC_BASE_URL for photo links). */
export async function startSlackE2E(via: Via, provider: Provider, env: Record<string, string> = {}): Promise<SlackE2E> {
  const fake = await FakeSlack.start({ teamId: "T0KALLIO" });
  const workspace = new FakeWorkspace(fake);
  const general = workspace.channel("general");
  workspace.user("olli", { admin: true });
  workspace.user("aino", { realName: "Aino Virtanen" });
  workspace.user("eero");
  const handled = new Handled();
  let app: TestApp | undefined;
  const adapter = new SlackAdapter({
    botToken: fake.botToken,
    ...(via === "socket" ? { appToken: fake.appToken } : { signingSecret: fake.signingSecret }),
    apiUrl: fake.slackApiUrl,
    logger: silentLogger(),
    // Bolt waits this long before it reconnects after a `disconnect`: short in tests.
    socketPingTimeoutMs: 300,
    isCommand: (name) =>
      app?.app.router.listCommands().some((c) => c.name === name || c.aliases?.includes(name)) ?? false,
    onHandled: (event, outcome) => handled.add(event, outcome),
    // As src/app.ts builds them: the person's language read from the app's own store.
    forms: guidedForms(() => app?.app.router.listCommands() ?? [], {
      locales: (who) => storedLocales(app!.app.store)(who),
      drafts: () => app!.app.store.formDrafts,
      translator: () => app!.app.translator,
    }),
    // The app's own store, built after the adapter: requests are stored before they are acknowledged.
    inbox: lateInbox(() => app!.app.store.updateInbox),
  });

  const server = via === "http" ? await serveSlackHttp(fake, adapter) : undefined;

  const database: TestDatabase = await freshDatabase(provider);
  app = await startTestApp(database.url, { adapters: [adapter], console: false, env });
  app.app.router.use(counterFeature());

  return {
    via,
    fake,
    workspace,
    adapter,
    app,
    handled,
    general,
    async talkoot(user, text, channel = "general") {
      const before = handled.count;
      const delivery = await fake.slashCommand(via, {
        command: "/talkoot",
        text: workspace.typed(text),
        userId: workspace.user(user),
        channelId: workspace.channel(channel),
      });
      assertAcknowledged(delivery);
      await handled.waitFor(before + 1);
      return { delivery, outcome: handled.list[before]!.outcome };
    },
    lastText(channel = "general") {
      const last = botMessages(fake, workspace.channel(channel)).at(-1);
      return last ? visibleText(fake, last) : "";
    },
    async close() {
      await app?.close();
      await server?.close();
      await fake.stop();
      await database.destroy();
    },
  };
}

/** Slack got its answer in time: an ack over Socket Mode, a 200 over HTTP. */
export function assertAcknowledged(delivery: Delivery): void {
  if (delivery.via === "socket") assert.ok(delivery.ack, "acknowledged within 3 s");
  else assert.equal(delivery.status, 200, "answered 200 within 3 s");
}
