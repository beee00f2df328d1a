// A Slack scenario's world: the Slack fake with a #general channel, an admin
// and `members` members, a fresh migrated database, and the bot as a child
// process in Slack's HTTP mode (signed Events API and interactivity POSTs to
// /slack/events on the bot's own HTTP server, on a port kept across restarts).
import { openDatabase } from "../../../src/storage/database.js";
import type { Provider } from "../../../src/storage/database-url.js";
import { migrate } from "../../../src/storage/migrations.js";
import { botMessages, FakeWorkspace, visibleText } from "../../adapters/slack/support.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { freshDatabase } from "../../support/databases.js";
import { BotProcess } from "./bot-process.js";
import type { BaseWorld } from "./fault-world.js";
import { freePort } from "./free-port.js";
import { slackProbe } from "./platform-probe.js";
import { SlackDeliveries } from "./slack-deliveries.js";

export interface SlackWorld extends BaseWorld {
  fake: FakeSlack;
  workspace: FakeWorkspace;
  deliveries: SlackDeliveries;
  general: string;
  /** Slack user ids of the members (not the admin). */
  members: string[];
  admin: string;
  /** The admin types `/talkoot <text>` in #general; resolves with the bot's next message there. */
  command(text: string, expect: RegExp): Promise<string>;
}

/** A community "Kallio" whose home is #general, with `members` members, and the bot running. */
export async function startSlackWorld(provider: Provider, options: { members: number }): Promise<SlackWorld> {
  const port = await freePort();
  const fake = await FakeSlack.start({ teamId: "T0KALLIO", requestUrl: `http://127.0.0.1:${port}/slack/events` });
  const workspace = new FakeWorkspace(fake);
  const admin = workspace.user("olli", { admin: true });
  const members = Array.from({ length: options.members }, (_, i) => workspace.user(`m${String(i).padStart(2, "0")}`));
  const general = workspace.channel("general");
  const fresh = await freshDatabase(provider);
  await migrate(fresh.url);
  const bot = new BotProcess({
    databaseUrl: fresh.url,
    env: {
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: fake.signingSecret,
      SLACK_API_URL: fake.slackApiUrl,
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: String(port),
    },
    // Over HTTP the bot takes events once its server says it is ready.
    readiness: () => async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
      } catch {
        return false;
      }
    },
  });
  await bot.start();
  const database = await openDatabase(fresh.url);
  const deliveries = new SlackDeliveries(fake);
  const world: SlackWorld = {
    provider,
    fake,
    workspace,
    deliveries,
    bot,
    probe: slackProbe(fake, deliveries),
    cleanups: [],
    database,
    general,
    members,
    admin,
    async command(text, expect) {
      const before = botMessages(fake, general).length;
      const delivery = await fake.slashCommand("http", {
        command: "/talkoot",
        text: workspace.typed(text),
        userId: admin,
        channelId: general,
      });
      if (delivery.status !== 200) throw new Error(`/talkoot ${text}: Slack got ${delivery.status}`);
      const reply = await fake.waitFor(
        () =>
          botMessages(fake, general)
            .slice(before)
            .map((m) => visibleText(fake, m))
            .find((t) => expect.test(t)),
        60_000,
        `the answer to /talkoot ${text}`,
      );
      return reply;
    },
    async close() {
      await bot.kill();
      for (const cleanup of world.cleanups) await cleanup();
      await database.close();
      await fake.stop();
      await fresh.destroy();
    },
  };
  await world.command("setup community Kallio", /is set up/);
  return world;
}
