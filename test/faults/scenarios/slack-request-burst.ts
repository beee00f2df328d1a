// Slack request burst: 30 members each mention the bot with a request in
// #general at once, through Slack's Events API over HTTP (which Slack
// retries when the bot does not answer 200, unlike slash commands); the bot
// is killed at a seeded moment in the burst and Slack's retries come once it
// is back. Every event Slack saw acknowledged must be one request, each
// description carrying a tag of its own (run and member).
import type { BurstItem, Scenario } from "../support/fault-run.js";
import { type SlackWorld, startSlackWorld } from "../support/slack-world.js";

interface Filing extends BurstItem {
  tag: string;
}

export const slackRequestBurst: Scenario<Filing, SlackWorld> = {
  name: "Slack request burst",
  open: (provider) => startSlackWorld(provider, { members: 30 }),
  async prepare(world, run) {
    if (run === 0) await world.command('setup category add lighting "Street lighting"', /lighting/i);
  },
  burst(world, run) {
    return world.members.map((member) => {
      const tag = `fault-r${run}-${member}`;
      world.deliveries.send(tag, () =>
        world.fake.mention("http", world.general, member, `request lighting Lamp out by the door ${tag}`),
      );
      return { updateId: tag, tag };
    });
  },
  // Slack's retries of what the killed bot did not answer.
  afterRestart: (world) => world.deliveries.retryUnacknowledged(),
  async effects(world, filings) {
    const rows = await world.database.db.serviceRequest.findMany({
      where: { OR: filings.map((f) => ({ description: { contains: f.tag } })) },
      select: { description: true },
    });
    return filings.map((f) => rows.filter((r) => r.description.endsWith(f.tag)).length);
  },
};
