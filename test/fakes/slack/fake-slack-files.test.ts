// Files people send, on the fake Slack, checked against the real SDK: a
// mention with a file and a DM with a file reach a Bolt app carrying the
// files; files.info through the real WebClient names a file the bot can see
// and its url_private_download; that URL gives the bytes only with the bot
// token as a bearer token (401 without, 403 without files:read).
import assert from "node:assert/strict";
import { webApi } from "@slack/bolt";
import { describe, test } from "vitest";
import { FakeSlack, type JsonObject } from "./fake-slack.js";
import { botClient, quietLogger, socketApp, stopSocketApp } from "./sdk-clients.js";

const USER = "U0CITIZEN1";
const GENERAL = "C0GENERAL1";
const LOBBY = "C0LOBBY001";
const PHOTO = {
  filename: "lamp.jpg",
  mimetype: "image/jpeg",
  bytes: Uint8Array.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]),
};

async function startFake(opts: Parameters<typeof FakeSlack.start>[0] = {}): Promise<FakeSlack> {
  const fake = await FakeSlack.start(opts);
  fake.addUser({ id: USER, name: "aino" });
  fake.addChannel({ id: GENERAL, name: "general", members: [USER] });
  fake.addChannel({ id: LOBBY, name: "lobby", members: [USER], botIsMember: false });
  return fake;
}

describe("files people send", () => {
  test("a mention with a file and a DM with a file reach Bolt with their files", async () => {
    const fake = await startFake();
    const app = socketApp(fake);
    const mentions: JsonObject[] = [];
    const messages: JsonObject[] = [];
    app.event("app_mention", async ({ event }) => {
      mentions.push(event as unknown as JsonObject);
    });
    app.event("message", async ({ event }) => {
      messages.push(event as unknown as JsonObject);
    });
    try {
      await app.start();
      const mention = await fake.mentionWithFiles("socket", GENERAL, USER, "request lighting Lamp", [PHOTO]);
      assert.ok(mention.delivery.ack, "acknowledged");
      const [file] = mention.files;
      const seen = await fake.waitFor(() => mentions[0]);
      assert.equal(seen.text, `<@${fake.botUserId}> request lighting Lamp`);
      const [carried] = seen.files as JsonObject[];
      assert.equal(carried?.id, file?.id);
      assert.equal(carried?.mimetype, "image/jpeg");
      assert.equal(carried?.size, PHOTO.bytes.length);
      assert.match(String(carried?.url_private_download), /\/files-pri\/T\w+-F\w+\/download\/lamp\.jpg$/);

      const dm = await fake.directMessage("socket", USER, "", { uploads: [PHOTO] });
      assert.ok(dm.delivery.ack);
      const direct = await fake.waitFor(() => messages[0]);
      assert.equal(direct.subtype, "file_share");
      assert.equal(direct.channel_type, "im");
      assert.equal((direct.files as JsonObject[])[0]?.id, dm.files[0]?.id);
      assert.equal(fake.dmWith(USER)?.id, direct.channel);
    } finally {
      await stopSocketApp(app);
      await fake.stop();
    }
  });

  test("files.info through the WebClient: a file the bot can see, file_not_found otherwise, files:read needed", async () => {
    const fake = await startFake();
    try {
      const shared = fake.postFilesAsUser(GENERAL, USER, "look", [PHOTO]).files[0]!;
      const elsewhere = fake.postFilesAsUser(LOBBY, USER, "secret", [PHOTO]).files[0]!;
      const client = botClient(fake);
      const info = await client.files.info({ file: shared.id });
      assert.equal(info.file?.id, shared.id);
      assert.equal(info.file?.mimetype, "image/jpeg");
      assert.equal(info.file?.size, PHOTO.bytes.length);
      assert.equal(info.file?.user, USER);
      assert.ok(info.file?.url_private_download?.startsWith(fake.url));

      await assert.rejects(client.files.info({ file: elsewhere.id }), /file_not_found/);
      await assert.rejects(client.files.info({ file: "F0NOSUCH01" }), /file_not_found/);

      const narrow = "xoxb-narrow-token";
      fake.addToken(narrow, "bot", ["chat:write"]);
      const narrowClient = new webApi.WebClient(narrow, {
        slackApiUrl: fake.slackApiUrl,
        retryConfig: { retries: 0 },
        logger: quietLogger,
      });
      await assert.rejects(narrowClient.files.info({ file: shared.id }), /missing_scope/);
    } finally {
      await fake.stop();
    }
  });

  test("url_private_download gives the bytes only with a bearer token that may read them", async () => {
    const fake = await startFake();
    try {
      const file = fake.postFilesAsUser(GENERAL, USER, "look", [PHOTO]).files[0]!;
      const url = String((await botClient(fake).files.info({ file: file.id })).file?.url_private_download);

      const served = await fetch(url, { headers: { authorization: `Bearer ${fake.botToken}` } });
      assert.equal(served.status, 200);
      assert.equal(served.headers.get("content-type"), "image/jpeg");
      assert.deepEqual(new Uint8Array(await served.arrayBuffer()), PHOTO.bytes);

      assert.equal((await fetch(url)).status, 401, "no token");
      assert.equal((await fetch(url, { headers: { authorization: "Bearer xoxb-forged" } })).status, 401);
      assert.equal((await fetch(url, { headers: { authorization: `Bearer ${fake.appToken}` } })).status, 401);
      fake.addToken("xoxb-no-files", "bot", ["chat:write"]);
      assert.equal((await fetch(url, { headers: { authorization: "Bearer xoxb-no-files" } })).status, 403);
      assert.deepEqual(
        fake.fileDownloads.map((d) => d.status),
        [200, 401, 401, 401, 403],
      );
    } finally {
      await fake.stop();
    }
  });
});
