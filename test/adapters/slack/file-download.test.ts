// downloadSlackFile against the fake Slack through the real WebClient: the
// bytes of a photo the bot can see; refused before the download when the
// stated type or size does not fit; an error (never the token) when Slack
// refuses the download; and the token never goes over plain http elsewhere.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { downloadSlackFile, type SlackFileSource } from "../../../adapters/slack/file-download.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { botClient } from "../../fakes/slack/sdk-clients.js";

const PHOTO = { filename: "lamp.jpg", mimetype: "image/jpeg", bytes: Uint8Array.from([0xff, 0xd8, 7, 0xff, 0xd9]) };
const PDF = { filename: "notes.pdf", mimetype: "application/pdf", bytes: Uint8Array.from([0x25, 0x50]) };

describe("downloadSlackFile", () => {
  let fake: FakeSlack;
  let source: SlackFileSource;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: "U0AINO001", name: "aino" });
    fake.addChannel({ id: "C0GENERAL1", name: "general", members: ["U0AINO001"] });
    source = { client: botClient(fake), botToken: fake.botToken, apiOrigin: new URL(fake.slackApiUrl).origin };
  });
  afterAll(() => fake.stop());

  const upload = (file: typeof PHOTO) => fake.postFilesAsUser("C0GENERAL1", "U0AINO001", "", [file]).files[0]!.id;

  it("fetches a photo with files.info and url_private_download, with the bot token", async () => {
    const id = upload(PHOTO);
    const file = await downloadSlackFile(source, id, 1024, ["image/jpeg"]);
    assert.deepEqual(new Uint8Array(file.bytes), PHOTO.bytes);
    assert.equal(file.name, "lamp.jpg");
    assert.deepEqual(fake.fileDownloads.at(-1), { fileId: id, status: 200, token: fake.botToken });
  });

  it("refuses another type or a larger file before downloading it", async () => {
    const downloads = fake.fileDownloads.length;
    await assert.rejects(downloadSlackFile(source, upload(PDF), 1024, ["image/jpeg"]), /application\/pdf/);
    await assert.rejects(downloadSlackFile(source, upload(PHOTO), 2), /more than 2/);
    assert.equal(fake.fileDownloads.length, downloads, "nothing was downloaded");
  });

  it("says so when Slack refuses the download, without the token; sends no token over plain http elsewhere", async () => {
    const id = upload(PHOTO);
    const refused = await downloadSlackFile({ ...source, botToken: "xoxb-wrong" }, id, 1024).catch((e: unknown) => e);
    assert.match(String(refused), /slack: file download answered 401/);
    assert.doesNotMatch(String(refused), /xoxb/);
    const { apiOrigin: _, ...elsewhere } = source;
    await assert.rejects(downloadSlackFile(elsewhere, id, 1024), /the token is not sent there/);
  });
});
