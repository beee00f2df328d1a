// A request with a photo on Discord, end to end: real discord.js against the
// fake Discord, on both databases. `/request file` takes the photo in its
// `photo` attachment option; the interaction's resolved attachment gives its
// CDN URL, size and type. The officials' card (in their Discord channel)
// links the photo through the bot's HTTP server, which fetches it from the
// CDN and serves it without its EXIF segment; once the CDN URL has expired
// the bot refreshes it (POST /attachments/refresh-urls) and the link still
// works. Open311 gives the same link as media_url. A message mentioning the
// bot ("@Talkoot request lighting …") with an image files it with the photo
// too, and the guided /request takes its answers from a reply to its
// question and a mention with an image. A file that is no image is refused
// and nothing is filed.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MANAGE_GUILD, visibleText } from "../../adapters/discord/support.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { forEachDatabase } from "../../support/databases.js";
import { phoneJpeg } from "../../support/phone-photo.js";
import { ask, type DiscordApp, FLOW_FAKE, press, startDiscordApp, waitForPost } from "./support.js";

const LINK = /https:\/\/bot\.example\.org\/media\/([A-Za-z0-9_-]{22})/;

forEachDatabase("Discord: a request with a photo", (getDatabase) => {
  let fake: FakeDiscord;
  let dc: DiscordApp;
  const admin = { user: "aino", channel: "general", memberPermissions: MANAGE_GUILD };

  beforeAll(async () => {
    fake = await FakeDiscord.start(FLOW_FAKE);
    dc = await startDiscordApp(getDatabase().url, fake, {
      env: { HTTP_PORT: "0", HTTP_HOST: "127.0.0.1", PUBLIC_BASE_URL: "https://bot.example.org" },
    });
    await ask(fake, dc.world, { ...admin, name: "setup", subcommand: "community", options: { name: "Kallio" } });
    const invite = await ask(fake, dc.world, { ...admin, name: "setup", subcommand: "invite" });
    const code = /Invite code: (\S+)/.exec(invite.text)?.[1];
    assert.ok(code, invite.text);
    await ask(fake, dc.world, {
      ...admin,
      channel: "officials",
      name: "setup",
      subcommand: "join",
      options: { code, officials: true },
    });
    await ask(fake, dc.world, {
      ...admin,
      name: "setup",
      group: "category",
      subcommand: "add",
      options: { code: "lighting", name: "Street lighting" },
    });
    await ask(fake, dc.world, {
      ...admin,
      channel: "officials",
      name: "setup",
      group: "contact",
      subcommand: "add",
      options: { name: "City lighting", categories: "lighting" },
    });
  });

  afterAll(async () => {
    await dc?.close();
    await fake?.stop();
  });

  const mediaUrl = (token: string) => `http://127.0.0.1:${dc.app.http!.port}/media/${token}`;
  /** Bob runs `/request file` in #general with these options. */
  const fileAsBob = (options: Record<string, string>) =>
    ask(fake, dc.world, { user: "bob", channel: "general", name: "request", subcommand: "file", options });

  it("/request file with a photo attachment files it; the card links the photo, EXIF gone, even after the CDN URL expired", async () => {
    const { photo, stripped } = phoneJpeg();
    const attachment = fake.attachFile({ filename: "IMG_0042.jpg", contentType: "image/jpeg", bytes: photo });
    const filed = await fileAsBob({ category: "lighting", description: "Lamp pole leaning", photo: attachment });
    const number = /Request (K-\d+)/.exec(filed.text)?.[1];
    assert.ok(number, `a receipt: ${filed.text}`);
    assert.doesNotMatch(filed.text, /photo:|IMG_0042/, "the attachment is no part of the command line");

    const officials = dc.world.channel("officials");
    const card = await fake.waitFor(
      () => fake.botMessages.find((m) => m.channelId === officials && visibleText(m).includes(number)),
      20_000,
      "the officials' card",
    );
    const token = LINK.exec(visibleText(card))?.[1];
    assert.ok(token, `the card links the photo: ${visibleText(card)}`);

    const served = await fetch(mediaUrl(token));
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/jpeg");
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), stripped);
    assert.deepEqual(fake.cdnRequests.at(-1), {
      path: `/ephemeral-attachments/${fake.applicationId}/${attachment}/IMG_0042.jpg`,
      status: 200,
      verdict: "ok",
    });

    // A day later the stored CDN URL has expired: the bot gets a fresh one and the link still shows the photo.
    fake.advanceCdnClock(25 * 60 * 60_000);
    const refreshesBefore = fake.calls.filter((c) => c.route === "/attachments/refresh-urls").length;
    const later = await fetch(mediaUrl(token));
    assert.equal(later.status, 200);
    assert.deepEqual(new Uint8Array(await later.arrayBuffer()), stripped);
    assert.equal(fake.calls.filter((c) => c.route === "/attachments/refresh-urls").length, refreshesBefore + 1);

    const community = await dc.app.database.db.community.findFirstOrThrow({ where: { name: "Kallio" } });
    const open311 = await fetch(
      `http://127.0.0.1:${dc.app.http!.port}/open311/v2/requests/${number}.json?jurisdiction_id=${community.id}`,
    );
    const [json] = (await open311.json()) as { media_url: string | null }[];
    assert.equal(json?.media_url, `https://bot.example.org/media/${token}`);
  });

  it("'@Talkoot request lighting …' with an image attached files it with the photo", async () => {
    const { photo, stripped } = phoneJpeg();
    const general = dc.world.channel("general");
    const posted = fake.postAsUser(
      general,
      dc.world.user("bob"),
      `<@${fake.botUserId}> request lighting Streetlight dark`,
      {
        files: [{ filename: "IMG_0050.jpg", contentType: "image/jpeg", bytes: photo }],
      },
    );
    // Filed as typed: the card reaches the officials.
    const card = await waitForPost(fake, dc.world.channel("officials"), /Streetlight dark/);
    const token = LINK.exec(visibleText(card))?.[1];
    assert.ok(token, `the card links the photo: ${visibleText(card)}`);
    const served = await fetch(mediaUrl(token));
    assert.equal(served.status, 200);
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), stripped);
    assert.match(fake.cdnRequests.at(-1)?.path ?? "", new RegExp(`^/attachments/${general}/\\d+/IMG_0050\\.jpg$`));
    assert.ok(posted.attachments.length === 1);
  });

  it("the guided /request takes an image sent with a mention as the answer to 'Add a photo?'", async () => {
    const { photo, stripped } = phoneJpeg();
    const general = dc.world.channel("general");
    const bob = dc.world.user("bob");
    const mention = `<@${fake.botUserId}>`;
    const first = await fileAsBob({ category: "lighting" });
    assert.match(first.text, /Describe the problem/);

    // A reply to the bot's question pings it (Discord's default), so the bot sees the words.
    fake.postAsUser(general, bob, "Lamp flickering at the bus stop", { replyTo: first.message.id });
    await waitForPost(fake, general, /Where is it\?/);
    press(fake, dc.world, "bob", "general", "Skip");
    await waitForPost(fake, general, /Add a photo\?/);

    fake.postAsUser(general, bob, mention, {
      files: [{ filename: "IMG_0051.jpg", contentType: "image/jpeg", bytes: photo }],
    });
    await waitForPost(fake, general, /Check before it is created[\s\S]*Photo: a photo/);
    press(fake, dc.world, "bob", "general", "Create");
    const card = await waitForPost(fake, dc.world.channel("officials"), /Lamp flickering/);
    const token = LINK.exec(visibleText(card))?.[1];
    assert.ok(token, `the card links the photo: ${visibleText(card)}`);
    const served = await fetch(mediaUrl(token));
    assert.equal(served.status, 200);
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), stripped);
  });

  it("refuses a file that is no image, and files nothing", async () => {
    const attachment = fake.attachFile({
      filename: "notes.pdf",
      contentType: "application/pdf",
      bytes: Uint8Array.from([0x25, 0x50, 0x44, 0x46]),
    });
    const answer = await fileAsBob({ category: "lighting", description: "Lamp out", photo: attachment });
    expect(answer.text).toMatch(/application\/pdf/);
    assert.equal(await dc.app.database.db.serviceRequest.count({ where: { description: "Lamp out" } }), 0);
  });
});
