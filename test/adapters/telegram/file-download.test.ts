// downloadTelegramFile against the fake Bot API with grammY's Api: getFile,
// then the file endpoint; a file over the caller's limit is refused, by its
// stated size before any download.
import assert from "node:assert/strict";
import { Bot } from "grammy";
import { afterAll, beforeAll, describe, it } from "vitest";
import { downloadTelegramFile } from "../../../adapters/telegram/file-download.js";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";

const USER = 5101;

describe("downloadTelegramFile", () => {
  let fake: FakeTelegram;
  let bot: Bot;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    fake.addUser({ id: USER, first_name: "Una", startedBot: true });
    bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
  });
  afterAll(() => fake.stop());

  const sendPng = (bytes: Uint8Array) =>
    fake.sendDocument(USER, USER, { bytes, fileName: "lamp.png", caption: "/request lamp" }).message!.document!.file_id;

  it("fetches the bytes a user sent", async () => {
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => i % 251);
    const fileId = sendPng(bytes);
    const file = await downloadTelegramFile(bot.api, { token: fake.token, apiRoot: fake.apiRoot }, fileId, 10_000);
    assert.deepEqual(new Uint8Array(file.bytes), bytes);
    assert.match(file.name ?? "", /^documents\/file_\d+\.png$/);
  });

  it("refuses a file over the limit without downloading it, and an unknown file_id", async () => {
    const fileId = sendPng(new Uint8Array(3000));
    const before = fake.downloads.length;
    await assert.rejects(
      downloadTelegramFile(bot.api, { token: fake.token, apiRoot: fake.apiRoot }, fileId, 2999),
      /3000 bytes, more than 2999/,
    );
    assert.equal(fake.downloads.length, before, "nothing was downloaded");
    await assert.rejects(
      downloadTelegramFile(bot.api, { token: fake.token, apiRoot: fake.apiRoot }, "AgACnotthere", 10),
      /invalid file_id/,
    );
  });
});
