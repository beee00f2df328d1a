// Request burst: 30 members each file a /request in the group at once; the
// bot is killed at a seeded moment in the burst. Every /request the platform
// saw acknowledged must be one request, each description carrying a tag of
// its own (run and member), so a doubled one shows as two rows, and its
// receipt must be in the group (held with the filing: a kill between the
// commit and the send leaves it to the outbox).
import type { Update } from "grammy/types";
import { say } from "../../e2e/telegram/support.js";
import type { BurstItem, Scenario } from "../support/fault-run.js";
import { BOT, CREATOR, GROUP, telegramWorld } from "../support/fault-world.js";

interface Filing extends BurstItem {
  tag: string;
}

export const requestBurst: Scenario<Filing> = {
  name: "request burst",
  open: telegramWorld({ members: 30 }),
  async prepare(world, run) {
    if (run === 0) await say(world.fake, GROUP, CREATOR, `/setup@${BOT} category add lighting "Street lighting"`);
  },
  burst(world, run) {
    return world.members.map((member) => {
      const tag = `fault-r${run}-m${member}`;
      const update: Update = world.fake.sendText(GROUP, member, `/request lighting Lamp out by the door ${tag}`);
      return { updateId: update.update_id, tag };
    });
  },
  async effects(world, filings) {
    const rows = await world.database.db.serviceRequest.findMany({
      where: { OR: filings.map((f) => ({ description: { contains: f.tag } })) },
      select: { description: true, number: true },
    });
    const shown = world.fake.messagesIn(GROUP).map((m) => m.visibleText ?? "");
    return filings.map((f) => {
      const filed = rows.filter((r) => r.description.endsWith(f.tag));
      // A request whose receipt never reached the group is lost too: its resident never learns its number.
      const received = filed.every((r) => shown.some((text) => text.startsWith(`Request ${r.number}\n`)));
      return received ? filed.length : 0;
    });
  },
};
