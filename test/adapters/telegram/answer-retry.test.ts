// A press whose answer is lost on the network (the server closed the socket)
// is answered again once, so the person's spinner stops with the toast.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { TelegramAdapter } from "../../../adapters/telegram/telegram-adapter.js";
import type { EventOutcome } from "../../../src/core/events.js";
import { MemoryState, RELAXED_THROTTLE, silentLogger, uniqueFirstUpdateId } from "../../e2e/telegram/support.js";
import { FakeTelegram, type RecordedCall } from "../../fakes/telegram/fake-bot-api.js";

const GROUP = -1001000000061;
const BOB = 611;

let fake: FakeTelegram;

beforeAll(async () => {
  fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
  fake.addChat({ id: GROUP, type: "supergroup", title: "Answers" });
  fake.addUser({ id: BOB, first_name: "Bob", startedBot: true });
  fake.setMember(GROUP, BOB, "member");
});

afterAll(() => fake.stop());

it("answers a press again when the first answerCallbackQuery loses its connection", async () => {
  const adapter = new TelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    state: new MemoryState(),
    logger: silentLogger,
    commandMenu: () => [],
    throttle: RELAXED_THROTTLE,
  });
  await adapter.start({ handle: async (): Promise<EventOutcome> => ({ status: "handled", toast: "Counted" }) });
  try {
    const [ref] = await adapter.send(
      { platform: "telegram", chatId: `telegram:${GROUP}` },
      { text: "card", buttons: [[{ label: "Yes", actionId: "yes", style: "default" }]] },
    );
    fake.fail("answerCallbackQuery", { code: "network" }, 1);
    const press = fake.pressButton(GROUP, Number(ref!.messageId), BOB, "yes");
    const id = press.callback_query!.id;
    const ofThisPress = (c: RecordedCall) => c.method === "answerCallbackQuery" && c.params.callback_query_id === id;
    const answered = await fake.waitFor((c) => ofThisPress(c) && c.response.status === 200);
    assert.equal(answered.params.text, "Counted");
    assert.deepEqual(
      fake.calls.filter(ofThisPress).map((c) => c.response.status),
      [0, 200],
      "one attempt dropped by the network, one answered",
    );
  } finally {
    await adapter.stop();
  }
});
