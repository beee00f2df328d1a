// A request with a photo on Slack, end to end: real Bolt over Socket Mode
// against the fake Slack, on both databases. A slash command carries no
// file, so the resident attaches the photo to a message: "@Talkoot request
// lighting …" with an image files the request with it, and the guided
// `/talkoot request lighting` takes an image sent with a mention as the
// answer to its "Add a photo?". The officials' card (in their Slack channel)
// links the photo through the bot's HTTP server; the link serves it fetched
// with files.info and url_private_download (the bot token as a bearer
// token), without its EXIF segment; Open311 gives the same link as media_url.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botMessages, findButton, visibleText } from "../../adapters/slack/support.js";
import type { StoredMessage } from "../../fakes/slack/fake-slack.js";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { phoneJpeg } from "../../support/phone-photo.js";
import { assertAcknowledged, type SlackE2E, startSlackE2E } from "./harness.js";

const LINK = /https:\/\/bot\.example\.org\/media\/([A-Za-z0-9_-]{22})/;
// Generous: the card goes through the outbox, and the machine may be busy.
const WAIT = { timeout: 30_000, interval: 50 };

for (const provider of TEST_PROVIDERS) {
  describe(`Slack: a request with a photo [${provider}]`, () => {
    let e2e: SlackE2E;
    let officials: string;
    let aino: string;

    beforeAll(async () => {
      e2e = await startSlackE2E("socket", provider, {
        HTTP_PORT: "0",
        HTTP_HOST: "127.0.0.1",
        PUBLIC_BASE_URL: "https://bot.example.org",
      });
      officials = e2e.workspace.channel("city-lighting");
      aino = e2e.workspace.user("aino");
      await e2e.talkoot("olli", "setup community Kallio");
      await e2e.talkoot("olli", "setup invite");
      const code = /Invite code: (\S+)/.exec(e2e.lastText())?.[1];
      assert.ok(code, `an invite code: ${e2e.lastText()}`);
      await e2e.talkoot("olli", `setup join ${code} --officials`, "city-lighting");
      await e2e.talkoot("olli", 'setup category add lighting "Street lighting"');
      await e2e.talkoot("olli", 'setup contact add "City lighting" --categories lighting', "city-lighting");
    });
    afterAll(() => e2e?.close());

    /** The card for request `number` in the officials' channel, once posted. */
    const cardOf = async (number: string): Promise<StoredMessage> => {
      const find = () => botMessages(e2e.fake, officials).find((m) => visibleText(e2e.fake, m).includes(number));
      await expect.poll(find, WAIT).toBeTruthy();
      return find()!;
    };

    /** Fetches the card's photo link from the bot's HTTP server. */
    const served = async (token: string) => {
      const response = await fetch(`http://127.0.0.1:${e2e.app.app.http!.port}/media/${token}`);
      return {
        status: response.status,
        type: response.headers.get("content-type"),
        bytes: new Uint8Array(await response.arrayBuffer()),
      };
    };

    it("'@Talkoot request lighting …' with an image files it with the photo; the card links it, EXIF gone", async () => {
      const { fake } = e2e;
      const { photo, stripped } = phoneJpeg();
      const before = e2e.handled.count;
      const { delivery, files } = await fake.mentionWithFiles(
        "socket",
        e2e.general,
        aino,
        "request lighting Lamp pole leaning",
        [{ filename: "IMG_0042.jpg", mimetype: "image/jpeg", bytes: photo }],
      );
      assertAcknowledged(delivery);
      await e2e.handled.waitFor(before + 1);
      const receipt = e2e.lastText();
      const number = /Request (K-\d+)/.exec(receipt)?.[1];
      assert.ok(number, `a receipt: ${receipt}`);

      const card = visibleText(fake, await cardOf(number));
      const token = LINK.exec(card)?.[1];
      assert.ok(token, `the card links the photo: ${card}`);

      const downloadsBefore = fake.fileDownloads.length;
      const shown = await served(token);
      assert.equal(shown.status, 200);
      assert.equal(shown.type, "image/jpeg");
      assert.deepEqual(shown.bytes, stripped, "served without its EXIF segment");
      // Fetched from Slack as Slack serves files: files.info, then url_private_download with the bot token.
      assert.equal(fake.callsOf("files.info").at(-1)?.params.file, files[0]!.id);
      assert.deepEqual(fake.fileDownloads.slice(downloadsBefore), [
        { fileId: files[0]!.id, status: 200, token: fake.botToken },
      ]);

      const community = await e2e.app.app.database.db.community.findFirstOrThrow({ where: { name: "Kallio" } });
      const open311 = await fetch(
        `http://127.0.0.1:${e2e.app.app.http!.port}/open311/v2/requests/${number}.json?jurisdiction_id=${community.id}`,
      );
      const [json] = (await open311.json()) as { media_url: string | null }[];
      assert.equal(json?.media_url, `https://bot.example.org/media/${token}`);
    });

    it("a file that is no image is refused when it is sent, and nothing is filed", async () => {
      const { fake } = e2e;
      const before = e2e.handled.count;
      await fake.mentionWithFiles("socket", e2e.general, aino, "request lighting Lamp out", [
        { filename: "notes.pdf", mimetype: "application/pdf", bytes: Uint8Array.from([0x25, 0x50, 0x44, 0x46]) },
      ]);
      await e2e.handled.waitFor(before + 1);
      const answer =
        e2e.lastText() +
        fake
          .ephemeralsFor(e2e.general, aino)
          .map((m) => m.text)
          .join("\n");
      assert.match(answer, /application\/pdf/);
      assert.equal(await e2e.app.app.database.db.serviceRequest.count({ where: { description: "Lamp out" } }), 0);
    });

    it("the guided /talkoot request takes an image sent with a mention as the answer to 'Add a photo?'", async () => {
      const { fake } = e2e;
      const { photo, stripped } = phoneJpeg();
      await e2e.talkoot("aino", "request lighting");
      assert.match(e2e.lastText(), /Describe the problem/);

      let before = e2e.handled.count;
      await fake.mention("socket", e2e.general, aino, "Lamp flickering at the bus stop");
      await e2e.handled.waitFor(before + 1);
      assert.match(visibleText(fake, botMessages(fake, e2e.general).at(-1)!), /Where is it\?|Skip/);

      before = e2e.handled.count;
      const skip = findButton(fake, e2e.general, "Skip");
      await fake.pressButton("socket", e2e.general, skip.message.ts, aino, skip.actionId);
      await e2e.handled.waitFor(before + 1);
      await expect
        .poll(
          () =>
            botMessages(fake, e2e.general)
              .map((m) => visibleText(fake, m))
              .join("\n"),
          WAIT,
        )
        .toMatch(/Add a photo\?/);

      before = e2e.handled.count;
      await fake.mentionWithFiles("socket", e2e.general, aino, "", [
        { filename: "IMG_0043.jpg", mimetype: "image/jpeg", bytes: photo },
      ]);
      await e2e.handled.waitFor(before + 1);
      // The preview's fields: "*Photo*" and under it what was sent.
      await expect.poll(() => e2e.lastText(), WAIT).toMatch(/\*Photo\*\na photo/);

      before = e2e.handled.count;
      const create = findButton(fake, e2e.general, "Create");
      await fake.pressButton("socket", e2e.general, create.message.ts, aino, create.actionId);
      await e2e.handled.waitFor(before + 1);
      const receipt = botMessages(fake, e2e.general)
        .map((m) => visibleText(fake, m))
        .findLast((text) => /Request K-\d+/.test(text));
      const number = /Request (K-\d+)/.exec(receipt ?? "")?.[1];
      assert.ok(number, `a receipt: ${receipt}`);
      const token = LINK.exec(visibleText(fake, await cardOf(number)))?.[1];
      assert.ok(token, "the card links the photo");
      const shown = await served(token);
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.bytes, stripped);
    });
  });
}
