// The Telegram adapter passes the adapter contract: the real adapter and
// grammY, long polling against FakeTelegram, the real core on both databases.
import { TelegramAdapter } from "../../adapters/telegram/telegram-adapter.js";
import { MemoryState, RELAXED_THROTTLE, silentLogger, uniqueFirstUpdateId, visible } from "../e2e/telegram/support.js";
import { FakeTelegram } from "../fakes/telegram/fake-bot-api.js";
import { type ContractHarness, runAdapterContract } from "./adapter-contract.js";

const CHATS: Record<string, number> = { group: -1001234567890 };

runAdapterContract("telegram", async (): Promise<ContractHarness> => {
  const fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
  fake.addChat({ id: CHATS.group!, type: "supergroup", title: "Contract group" });
  const users = new Map<string, number>();
  const userId = (name: string): number => {
    let id = users.get(name);
    if (id === undefined) {
      id = 5000 + users.size;
      users.set(name, id);
      fake.addUser({ id, first_name: name, username: name, startedBot: true });
      fake.setMember(CHATS.group!, id, "member");
    }
    return id;
  };
  const chatId = (chat: string): number => {
    const id = CHATS[chat];
    if (id === undefined) throw new Error(`no chat ${chat}`);
    return id;
  };
  const adapter = new TelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    state: new MemoryState(),
    logger: silentLogger,
    commandMenu: () => [],
    throttle: RELAXED_THROTTLE,
    // grammY waits out a retry_after of up to a second itself; a longer one, and any
    // 5xx after one wait, reach the core (the app waits up to a minute: api-transformers.ts).
    retry: { maxRetryAttempts: 0, maxDelaySeconds: 1 },
  });
  let lastUpdateId: number | undefined;
  return {
    adapter,
    groupChat: "group",
    async sendCommand(chat, user, text) {
      lastUpdateId = fake.sendText(chatId(chat), userId(user), text).update_id;
    },
    async redeliverLast() {
      if (lastUpdateId === undefined) throw new Error("nothing delivered yet");
      fake.redeliver(lastUpdateId);
    },
    async press(chat, user, label) {
      const carrier = fake
        .messagesIn(chatId(chat))
        .reverse()
        .find((m) => visible(m).buttons.includes(label));
      const button = carrier?.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
      if (!carrier || !button || !("callback_data" in button)) throw new Error(`no button ${label} in ${chat}`);
      lastUpdateId = fake.pressButton(chatId(chat), carrier.message_id, userId(user), button.callback_data).update_id;
    },
    visibleMessages: async (chat) => fake.messagesIn(chatId(chat)).map(visible),
    // A user's private chat with the bot has the user's id.
    privateTexts: async (user) => fake.messagesIn(userId(user)).map((m) => visible(m).text),
    refuseNextReply(refusal) {
      fake.fail("sendMessage", refusal === "rateLimited" ? { code: 429, retryAfter: 2 } : { code: 502 });
    },
    close: () => fake.stop(),
  };
});
