// The Discord adapter passes the adapter contract: the real adapter and
// discord.js against the fake Discord's gateway and REST, the real core on
// both databases. Commands arrive as slash-command interactions (the text
// after the name as the one `text` option), presses as button interactions,
// a redelivery as the same INTERACTION_CREATE dispatched again (what a
// gateway RESUME replays).
import type { CommandSpec } from "../../src/core/commands.js";
import {
  buttonsOf,
  discordAdapter,
  discordWorld,
  findButton,
  privateTexts,
  sharedBotMessages,
  visibleText,
} from "../adapters/discord/support.js";
import { FakeDiscord, type JsonObject } from "../fakes/discord/fake-discord.js";
import { type ContractHarness, runAdapterContract } from "./adapter-contract.js";

/** What the contract's feature declares, as the adapter reads it to build each command's line. */
const CONTRACT_COMMANDS: CommandSpec[] = [
  {
    name: "echo",
    summary: "contract:echo",
    fallback: { usage: "contract:echo", min: 1, max: 1, rest: true, run: async () => {} },
  },
  { name: "secret", summary: "contract:secret", fallback: { usage: "contract:secret", run: async () => {} } },
  { name: "long", summary: "contract:long", fallback: { usage: "contract:long", run: async () => {} } },
];

runAdapterContract("discord", async (): Promise<ContractHarness> => {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  const world = discordWorld(fake);
  world.channel("general");
  // Any 429 reaches the core at once, as one longer than the adapter waits by itself does.
  const adapter = discordAdapter(fake, () => CONTRACT_COMMANDS, { maxRateLimitWaitMs: 0 });
  let last: JsonObject | undefined;
  return {
    adapter,
    groupChat: "general",
    async sendCommand(chat, user, text) {
      const [name, ...words] = text.replace(/^\//, "").split(" ");
      const rest = words.join(" ");
      const handle = fake.slashCommand({
        name: name!,
        channelId: world.channel(chat),
        userId: world.user(user),
        options: rest ? { text: rest } : {},
      });
      last = handle.record.payload;
    },
    async redeliverLast() {
      if (!last) throw new Error("nothing delivered yet");
      fake.dispatch("INTERACTION_CREATE", last, { guildId: world.guildId });
    },
    async press(chat, user, label) {
      const channelId = world.channel(chat);
      const { message, customId } = findButton(fake, channelId, label);
      last = fake.pressButton({ channelId, userId: world.user(user), messageId: message.id, customId }).record.payload;
    },
    visibleMessages: async (chat) =>
      sharedBotMessages(fake, world.channel(chat)).map((m) => ({
        text: visibleText(m),
        buttons: buttonsOf(m).map((b) => b.label),
      })),
    privateTexts: async (user) => privateTexts(fake, world.user(user)),
    refuseNextReply(refusal) {
      // A command's reply is the interaction's callback; discord.js retries a 5xx twice by itself.
      const callback = "POST /interactions/:id/:token/callback";
      if (refusal === "rateLimited") fake.failNext(callback, { status: 429, retryAfter: 0.5 });
      else fake.failNext(callback, { status: 503 }, 3);
    },
    close: () => fake.stop(),
  };
});
