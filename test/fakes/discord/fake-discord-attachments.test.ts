// Attachments on the fake Discord, checked against the real discord.js: a
// file picked for a slash command's attachment option arrives in the
// interaction's resolved attachments with a signed CDN URL that serves it;
// once the URL's `ex` has passed the CDN answers 404 until the bot refreshes
// it with POST /attachments/refresh-urls; a forged signature is a 404 too.
// A person's message with files reaches a client with GuildMessages, words
// and files shown only when it mentions the bot or replies to it.
import { once } from "node:events";
import {
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Message,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "./fake-discord.js";

const AINO = "210000000000000001";
const PHOTO = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 9, 9, 0xff, 0xd9]);

describe("fake Discord attachments through discord.js", () => {
  let fake: FakeDiscord;
  let client: Client;
  let general: string;
  const seen: ChatInputCommandInteraction[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
    fake.addUser({ id: AINO, username: "aino" });
    const guild = fake.addGuild({ name: "Kylätalo" });
    fake.addMember({ guildId: guild.id, userId: AINO });
    general = fake.addChannel({ guildId: guild.id, name: "general" }).id;
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restApi } });
    client.on(Events.InteractionCreate, (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push(i);
      void i.reply({ content: "Thanks" });
    });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    await client.application!.commands.set([
      {
        name: "report",
        description: "Report",
        options: [
          { type: 3, name: "text", description: "What", required: true },
          { type: 11, name: "photo", description: "A photo" },
        ],
      },
    ]);
  });

  afterAll(async () => {
    await client.destroy();
    await fake.stop();
  });

  const refresh = (urls: string[]) =>
    client.rest.post("/attachments/refresh-urls", { body: { attachment_urls: urls } }) as Promise<{
      refreshed_urls: { original: string; refreshed: string }[];
    }>;

  it("resolves an attached file with a signed URL that serves it, expires, and is refreshed", async () => {
    const id = fake.attachFile({ filename: "lamp.jpg", contentType: "image/jpeg", bytes: PHOTO });
    const h = fake.slashCommand({
      name: "report",
      channelId: general,
      userId: AINO,
      options: { text: "Lamp", photo: id },
    });
    await h.waitForOriginal();
    const attachment = seen.at(-1)!.options.getAttachment("photo", true);
    expect(attachment.id).toBe(id);
    expect(attachment.contentType).toBe("image/jpeg");
    expect(attachment.size).toBe(PHOTO.length);
    expect(attachment.url).toMatch(
      /\/ephemeral-attachments\/\d+\/\d+\/lamp\.jpg\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]{64}&$/,
    );

    const served = await fetch(attachment.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PHOTO);

    fake.advanceCdnClock(25 * 60 * 60_000);
    const expired = await fetch(attachment.url);
    expect(expired.status).toBe(404);
    expect(await expired.text()).toBe("This content is no longer available.");

    const { refreshed_urls } = await refresh([attachment.url, "https://example.org/not-discord.png"]);
    expect(refreshed_urls).toHaveLength(1);
    expect(refreshed_urls[0]!.original).toBe(attachment.url);
    const again = await fetch(refreshed_urls[0]!.refreshed);
    expect(again.status).toBe(200);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(PHOTO);

    const forged = refreshed_urls[0]!.refreshed.replace(/hm=[0-9a-f]{4}/, "hm=0000");
    expect((await fetch(forged)).status).toBe(404);
    expect(fake.cdnRequests.map((r) => [r.status, r.verdict])).toEqual([
      [200, "ok"],
      [404, "expired"],
      [200, "ok"],
      [404, "forged"],
    ]);
  });

  it("a person's message with a file reaches a client with GuildMessages: words and file only when it mentions the bot or replies to it", async () => {
    const listener = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      rest: { api: fake.restApi },
    });
    const got: Message[] = [];
    listener.on(Events.MessageCreate, (m) => {
      got.push(m);
    });
    const ready = once(listener, Events.ClientReady);
    await listener.login(fake.token);
    await ready;
    try {
      const file = { filename: "lamp.jpg", contentType: "image/jpeg", bytes: PHOTO };
      fake.postAsUser(general, AINO, `<@${fake.botUserId}> look`, { files: [file] });
      fake.postAsUser(general, AINO, "just chatting", { files: [file] });
      const bots = fake.postAsUser(general, fake.botUserId, "Add a photo?");
      fake.postAsUser(general, AINO, "", { files: [file], replyTo: bots.id });
      await fake.waitFor(() => got.length >= 4 || undefined, 5_000, "four messages");
      const [mentioned, chatter, , reply] = got;
      expect(mentioned?.content).toBe(`<@${fake.botUserId}> look`);
      expect(mentioned?.mentions.users.has(fake.botUserId)).toBe(true);
      const attachment = mentioned?.attachments.first();
      expect(attachment?.contentType).toBe("image/jpeg");
      expect(new Uint8Array(await (await fetch(attachment!.url)).arrayBuffer())).toEqual(PHOTO);
      // Without Message Content, chatter arrives blank.
      expect(chatter?.content).toBe("");
      expect(chatter?.attachments.size).toBe(0);
      // A reply pings its author by default: the bot is among the mentions and sees the file.
      expect(reply?.mentions.users.has(fake.botUserId)).toBe(true);
      expect(reply?.attachments.size).toBe(1);
    } finally {
      await listener.destroy();
    }
  });

  it("refuses a refresh without the bot token or with no URLs", async () => {
    const noAuth = await fetch(`${fake.restApi}/v10/attachments/refresh-urls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ attachment_urls: [] }),
    });
    expect(noAuth.status).toBe(401);
    const empty = await refresh([]).catch((error: unknown) => error);
    expect(empty).toBeInstanceOf(DiscordAPIError);
    expect((empty as DiscordAPIError).code).toBe(50035);
  });

  it("refuses an unknown attached file when the interaction is built", () => {
    expect(() =>
      fake.slashCommand({ name: "report", channelId: general, userId: AINO, options: { text: "x", photo: "123" } }),
    ).toThrow(/no attached file 123/);
  });
});
