// A request from a phone, through grammY against the fake Bot API in privacy
// mode: a photo captioned "/request …" files the request with the photo, a
// venue shared in reply to the receipt places it, and the officials' card
// (in their Telegram group) shows the map link and the photo link. The link
// serves the photo through the bot's HTTP server, fetched with getFile and
// the file endpoint, without its EXIF segment; an unknown token is a 404.
// The guided /request asks "Add a photo?" last: a photo sent as the reply
// to that question is attached when the preview's Create files it.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type FakeMessage, FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { phoneJpeg } from "../../support/phone-photo.js";
import {
  resultMessage,
  say,
  startTelegramApp,
  type TelegramApp,
  uniqueFirstUpdateId,
  visible,
  waitForSent,
} from "./support.js";

const BOT = "talkoot_media_bot";
const HOME = -1001000000771;
const OFFICIALS = -1001000000772;
const ALICE = 771;
const BOB = 772;
// Generous: the card edit may wait for a scheduler tick, and the machine may be busy.
const WAIT = { timeout: 60_000, interval: 50 };

forEachDatabase("telegram: a request with a photo and a location", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: BOT, privacyMode: true });
    fake.addChat({ id: HOME, type: "supergroup", title: "Kallio" });
    fake.addChat({ id: OFFICIALS, type: "supergroup", title: "City lighting team" });
    fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
    fake.addUser({ id: BOB, first_name: "Bob", username: "bob", startedBot: true });
    for (const chat of [HOME, OFFICIALS]) fake.setMember(chat, ALICE, "creator");
    fake.setMember(HOME, BOB, "member");
    tg = await startTelegramApp(getDatabase().url, fake, {}, undefined, {
      HTTP_PORT: "0",
      HTTP_HOST: "127.0.0.1",
      PUBLIC_BASE_URL: "https://bot.example.org",
    });
    await say(fake, HOME, ALICE, `/setup@${BOT} community Kallio`);
    const invite = await say(fake, HOME, ALICE, `/setup@${BOT} invite`);
    const code = /Invite code: (\S+)/.exec(invite.text)![1]!;
    await say(fake, OFFICIALS, ALICE, `/setup@${BOT} join ${code} --officials`);
    await say(fake, HOME, ALICE, `/setup@${BOT} category add lighting "Street lighting"`);
    await say(fake, OFFICIALS, ALICE, `/setup@${BOT} contact add "City lighting" --categories lighting`);
  });

  afterAll(async () => {
    await tg?.close();
    await fake?.stop();
  });

  it("files it with the photo, places it by a venue sent in reply, and the card links both", async () => {
    const { photo, stripped } = phoneJpeg();
    let since = fake.calls.length;
    fake.sendPhoto(HOME, BOB, { bytes: photo, caption: `/request@${BOT} lighting Lamp pole leaning` });
    const receipt = resultMessage(await waitForSent(fake, since, HOME));
    assert.match(receipt.text ?? "", /Request K-1001/);
    // It has no place yet, and Telegram can share one: the receipt asks, and a reply to it answers.
    assert.match(
      receipt.text ?? "",
      /Where is it\? Reply to this message with a location \(📎 → Location\) within 10 minutes\./,
    );
    const card = resultMessage(await waitForSent(fake, since, OFFICIALS));
    const token = /https:\/\/bot\.example\.org\/media\/([A-Za-z0-9_-]{22})/.exec(card.text ?? "")?.[1];
    assert.ok(token, `the card links the photo: ${card.text}`);

    since = fake.calls.length;
    fake.sendLocation(
      HOME,
      BOB,
      { latitude: 60.1841, longitude: 24.9503, venue: { title: "Kallio library", address: "Viides linja 11" } },
      { replyTo: receipt.message_id },
    );
    const placed = resultMessage(await waitForSent(fake, since, HOME));
    assert.equal(placed.text, "Place added to K-1001: Kallio library, Viides linja 11 (60.18410, 24.95030).");
    await vi.waitFor(() => {
      const shown = fake.messageAt(OFFICIALS, card.message_id)?.visibleText ?? "";
      assert.match(shown, /Kallio library, Viides linja 11/);
      assert.match(shown, /openstreetmap\.org\/\?mlat=60\.18410&mlon=24\.95030/);
      assert.match(shown, new RegExp(`/media/${token}`));
    }, WAIT);

    const port = tg.app.http!.port;
    const served = await fetch(`http://127.0.0.1:${port}/media/${token}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/jpeg");
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), stripped);
    // Fetched from Telegram as the Bot API serves files: getFile, then the largest size's file_path.
    const getFile = fake.callsOf("getFile").at(-1);
    assert.equal(getFile?.response.status, 200);
    assert.match(fake.downloads.at(-1) ?? "", /^photos\/file_\d+\.jpg$/);
    assert.deepEqual(fake.userFileBytes(String(getFile?.params.file_id)), photo);

    assert.equal((await fetch(`http://127.0.0.1:${port}/media/AAAAAAAAAAAAAAAAAAAAAA`)).status, 404);
  });

  /** The bot's messages in the home chat from call index `since` on, once there are `count` of them. */
  const sentHome = async (since: number, count: number): Promise<FakeMessage[]> => {
    const messages = () =>
      fake.calls
        .slice(since)
        .filter(
          (c) => c.method === "sendMessage" && String(c.params.chat_id) === String(HOME) && c.response.status === 200,
        )
        .map((c) => fake.messageAt(HOME, resultMessage(c).message_id)!);
    await expect.poll(() => messages().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
    return messages();
  };

  const press = (message: FakeMessage, label: string) => {
    const button = message.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
    assert.ok(button && "callback_data" in button, `no button ${label}`);
    fake.pressButton(HOME, message.message_id, BOB, button.callback_data);
  };

  it("the guided /request takes a photo sent as the reply to its last question, and Create attaches it", async () => {
    let since = fake.calls.length;
    fake.sendText(HOME, BOB, `/request@${BOT} lighting`);
    const [describe] = await sentHome(since, 2);
    assert.match(visible(describe!).text, /Describe the problem/);

    since = fake.calls.length;
    fake.sendText(HOME, BOB, "Lamp flickering at the bus stop", { replyTo: describe!.message_id });
    const [where, whereButtons] = await sentHome(since, 2);
    assert.match(visible(where!).text, /Where is it\?/);

    since = fake.calls.length;
    press(whereButtons!, "Skip");
    const [question, questionButtons] = await sentHome(since, 2);
    assert.match(visible(question!).text, /Bob Add a photo\? Send it now, or press Skip\./);
    assert.equal(question!.forceReply?.selective, true);
    assert.deepEqual(visible(questionButtons!).buttons, ["Skip", "Cancel"]);

    // Privacy mode lets a reply to the bot through, photo and all.
    const { photo, stripped } = phoneJpeg();
    since = fake.calls.length;
    fake.sendPhoto(HOME, BOB, { bytes: photo }, { replyTo: question!.message_id });
    const [preview] = await sentHome(since, 1);
    assert.match(visible(preview!).text, /Check before it is created/);
    assert.match(visible(preview!).text, /Photo: a photo/);

    since = fake.calls.length;
    press(preview!, "Create");
    const receipt = resultMessage(await waitForSent(fake, since, HOME));
    const number = /Request (K-\d+)/.exec(receipt.text ?? "")?.[1];
    assert.ok(number, `a receipt: ${receipt.text}`);
    const card = resultMessage(await waitForSent(fake, since, OFFICIALS));
    assert.match(card.text ?? "", new RegExp(number));
    const token = /https:\/\/bot\.example\.org\/media\/([A-Za-z0-9_-]{22})/.exec(card.text ?? "")?.[1];
    assert.ok(token, `the card links the photo: ${card.text}`);
    const served = await fetch(`http://127.0.0.1:${tg.app.http!.port}/media/${token}`);
    assert.equal(served.status, 200);
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), stripped);
  });
});
