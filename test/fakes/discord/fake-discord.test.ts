// The fake Discord driven by the real discord.js 14.28 Client (and raw fetch
// for wire-level cases), so the fake is checked against what the library
// actually sends and expects. Waits poll conditions; nothing sleeps.

import { once } from "node:events";
import {
  type AutocompleteInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  Partials,
  type PollAnswer,
  Routes,
  type TextChannel,
  TextInputStyle,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { FakeDiscord, isObject, Permission, snowflakeOnShard } from "./fake-discord.js";

const AINO = "210000000000000001";
const OLLI = "210000000000000002";
const EERO = "210000000000000003";

const MAIN_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.GuildMessagePolls,
  GatewayIntentBits.DirectMessagePolls,
];

function newClient(
  fake: FakeDiscord,
  intents: GatewayIntentBits[] = MAIN_INTENTS,
  extra: { shards?: "auto" | number[]; shardCount?: number } = {},
) {
  return new Client({
    intents,
    // Votes on polls the client has not cached need these partials.
    partials: [Partials.Message, Partials.Poll, Partials.PollAnswer, Partials.Channel],
    rest: { api: fake.restApi },
    ...extra,
  });
}

async function login(client: Client, fake: FakeDiscord): Promise<void> {
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
}

/** The error a promise rejected with (fails the test if it resolved). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

function apiError(err: unknown): DiscordAPIError {
  expect(err).toBeInstanceOf(DiscordAPIError);
  return err as DiscordAPIError;
}

async function api(
  fake: FakeDiscord,
  method: string,
  path: string,
  body?: unknown,
  auth = true,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const res = await fetch(`${fake.restApi}/v10${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: `Bot ${fake.token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

describe("FakeDiscord with one discord.js client", () => {
  let fake: FakeDiscord;
  let client: Client;
  let guildId: string;
  let general: string;
  let hidden: string;
  let thread: string;
  let officials: string;
  const handlers = new Map<string, (i: Interaction) => Promise<void>>();
  const handlerErrors: unknown[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000, botName: "talkoot" });
    fake.addUser({ id: AINO, username: "aino", locale: "fi" });
    fake.addUser({ id: OLLI, username: "olli" });
    fake.addUser({ id: EERO, username: "eero", disallowDMs: true });
    const guild = fake.addGuild({ name: "Kylätalo", preferredLocale: "fi" });
    guildId = guild.id;
    officials = fake.addRole({ guildId, name: "officials", permissions: Permission.ManageGuild, mentionable: true }).id;
    fake.addMember({ guildId, userId: AINO });
    fake.addMember({ guildId, userId: OLLI, roles: [officials] });
    general = fake.addChannel({ guildId, name: "general" }).id;
    hidden = fake.addChannel({ guildId, name: "board", noAccess: true }).id;
    thread = fake.addChannel({ guildId, name: "park cleanup", type: 11, parentId: general }).id;

    client = newClient(fake);
    client.on(Events.InteractionCreate, (i) => {
      const key = i.isChatInputCommand() || i.isAutocomplete() ? i.commandName : "customId" in i ? i.customId : "";
      const h = handlers.get(key);
      h?.(i).catch((err: unknown) => handlerErrors.push(err));
    });
    await login(client, fake);
  });

  afterAll(async () => {
    await client.destroy();
    await fake.stop();
  });

  it("logs in: READY, then each guild's channels, roles and members", async () => {
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.user?.bot).toBe(true);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(guildId);
    expect(guild?.name).toBe("Kylätalo");
    expect(guild?.preferredLocale).toBe("fi");
    expect(guild?.channels.cache.get(general)?.name).toBe("general");
    expect(guild?.channels.cache.get(thread)?.isThread()).toBe(true);
    expect(guild?.roles.everyone.id).toBe(guildId);
    expect(guild?.members.cache.get(OLLI)?.roles.cache.has(officials)).toBe(true);
    expect(fake.identifies).toBe(1);
    expect(fake.sessions[0]?.intents).toBe(MAIN_INTENTS.reduce((a, b) => a | b, 0));
    await fake.waitFor(() => fake.heartbeatsReceived > 0, 3000, "a heartbeat");
  });

  it("REST: Bot auth, 401 and 404 shapes, /users/@me, /gateway/bot", async () => {
    const anon = await api(fake, "GET", "/users/@me", undefined, false);
    expect(anon.status).toBe(401);
    expect(anon.json).toEqual({ message: "401: Unauthorized", code: 0 });
    const me = await api(fake, "GET", "/users/@me");
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: fake.botUserId, username: "talkoot", bot: true });
    const gw = await api(fake, "GET", "/gateway/bot");
    expect(gw.json).toMatchObject({ url: fake.gatewayUrl, shards: 1, session_start_limit: { max_concurrency: 16 } });
    expect((await api(fake, "GET", "/nope")).json).toEqual({ message: "404: Not Found", code: 0 });
    const unknown = apiError(await rejection(client.rest.get(Routes.channel("1234"))));
    expect(unknown.code).toBe(10003);
    expect(unknown.status).toBe(404);
  });

  it("registers commands by bulk overwrite and refuses bad definitions with 50035", async () => {
    const commands = await client.application!.commands.set([
      {
        name: "task",
        description: "Volunteer tasks",
        nameLocalizations: { fi: "tehtävä", "sv-SE": "uppgift" },
        options: [
          {
            type: 2,
            name: "manage",
            description: "Manage tasks",
            options: [
              {
                type: 1,
                name: "create",
                description: "Create a task",
                options: [
                  { type: 3, name: "title", description: "Title", required: true },
                  { type: 4, name: "slots", description: "How many people", required: true, minValue: 1 },
                  { type: 5, name: "urgent", description: "Urgent?" },
                  { type: 6, name: "lead", description: "Who leads" },
                ],
              },
            ],
          },
          { type: 1, name: "list", description: "List tasks" },
        ],
      },
      {
        name: "poll",
        description: "Quick poll",
        options: [{ type: 3, name: "question", description: "Question", required: true, autocomplete: true }],
      },
    ]);
    expect(commands.size).toBe(2);
    expect(fake.globalCommands.map((c) => c.name)).toEqual(["task", "poll"]);
    const firstId = fake.globalCommands[0]?.id;
    // Overwriting keeps the id of a command with the same name.
    await client.application!.commands.set([{ name: "task", description: "Volunteer tasks v2" }]);
    expect(fake.globalCommands[0]?.id).toBe(firstId);

    const bad = apiError(
      await rejection(
        client.application!.commands.set([
          { name: "Task", description: "x" },
          {
            name: "ok",
            description: "y".repeat(101),
            options: [
              { type: 3, name: "a", description: "a" },
              { type: 3, name: "b", description: "b", required: true },
            ],
          },
          { name: "loc", description: "z", nameLocalizations: { "xx-XX": "loc" } as Record<string, string> },
        ]),
      ),
    );
    expect(bad.code).toBe(50035);
    expect(bad.status).toBe(400);
    const errors = (bad.rawError as { errors: Record<string, unknown> }).errors;
    expect(errors).toMatchObject({
      "0": { name: { _errors: [{ code: "APPLICATION_COMMAND_INVALID_NAME" }] } },
      "1": {
        description: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH" }] },
        options: { _errors: [{ code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID" }] },
      },
      "2": { name_localizations: { "xx-XX": { _errors: [{ code: "BASE_TYPE_CHOICES" }] } } },
    });
    // The refused overwrite changed nothing.
    expect(fake.globalCommands.map((c) => c.name)).toEqual(["task"]);

    const guildCommands = await client.guilds.cache
      .get(guildId)!
      .commands.set([
        { name: "admin", description: "Officials only", defaultMemberPermissions: Permission.ManageGuild },
      ]);
    expect(guildCommands.first()?.guildId).toBe(guildId);
    expect(fake.guildCommands(guildId)[0]).toMatchObject({ name: "admin", default_member_permissions: "32" });

    // Restore the full definition for the interaction tests below.
    await client.application!.commands.set([
      {
        name: "task",
        description: "Volunteer tasks",
        options: [
          {
            type: 2,
            name: "manage",
            description: "Manage tasks",
            options: [
              {
                type: 1,
                name: "create",
                description: "Create a task",
                options: [
                  { type: 3, name: "title", description: "Title", required: true },
                  { type: 4, name: "slots", description: "How many people", required: true },
                  { type: 5, name: "urgent", description: "Urgent?" },
                  { type: 6, name: "lead", description: "Who leads" },
                ],
              },
            ],
          },
        ],
      },
      {
        name: "poll",
        description: "Quick poll",
        options: [{ type: 3, name: "question", description: "Question", required: true, autocomplete: true }],
      },
      { name: "ask", description: "Ask", options: [{ type: 3, name: "text", description: "Text" }] },
      { name: "later", description: "Slow" },
      { name: "form", description: "Form" },
    ]);
  });

  it("delivers a slash command with nested, typed options; reply() lands in the channel", async () => {
    let seen: ChatInputCommandInteraction | undefined;
    handlers.set("task", async (i) => {
      if (!i.isChatInputCommand()) return;
      seen = i;
      await i.reply({ content: `Created ${i.options.getString("title", true)}` });
    });
    const h = fake.slashCommand({
      name: "task",
      channelId: general,
      userId: OLLI,
      group: "manage",
      subcommand: "create",
      options: { title: "Clean the park", slots: 4, urgent: true, lead: AINO },
      locale: "sv-SE",
    });
    const reply = await h.waitForOriginal();
    expect(reply.content).toBe("Created Clean the park");
    expect(reply.ephemeralTo).toBeNull();
    expect(reply.channelId).toBe(general);
    expect(h.record.callback?.type).toBe(4);

    const i = seen!;
    expect(i.commandId).toBe(fake.globalCommands.find((c) => c.name === "task")?.id);
    expect(i.options.getSubcommandGroup()).toBe("manage");
    expect(i.options.getSubcommand()).toBe("create");
    expect(i.options.getInteger("slots")).toBe(4);
    expect(i.options.getBoolean("urgent")).toBe(true);
    expect(i.options.getUser("lead")?.username).toBe("aino");
    expect(i.options.getMember("lead")).not.toBeNull();
    expect(i.locale).toBe("sv-SE");
    expect(i.guildLocale).toBe("fi");
    expect(i.memberPermissions?.has(Permission.ManageGuild)).toBe(true);
    expect(i.memberPermissions?.has(Permission.Administrator)).toBe(false);
    expect(i.appPermissions.has(Permission.SendMessages)).toBe(true);
    expect(i.channel?.id).toBe(general);
    expect(i.context).toBe(0);

    // A test can also set the member's permissions outright.
    const h2 = fake.slashCommand({
      name: "task",
      channelId: general,
      userId: AINO,
      group: "manage",
      subcommand: "create",
      options: { title: "Admin", slots: 1 },
      memberPermissions: Permission.Administrator,
    });
    await h2.waitForOriginal();
    expect(seen?.id).toBe(h2.id);
    expect(seen?.memberPermissions?.has(Permission.Administrator)).toBe(true);

    // Test mistakes against the registered definition are caught before sending.
    expect(() =>
      fake.slashCommand({
        name: "task",
        channelId: general,
        userId: AINO,
        group: "manage",
        subcommand: "create",
        options: { title: "x" },
      }),
    ).toThrow(/needs option slots/);
  });

  it("ephemeral deferReply, then followUp fills the thinking message, editReply edits it, a second followUp is new", async () => {
    handlers.set("ask", async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.followUp({ content: "Working on it" });
      await i.editReply({ content: "Done: 3 volunteers" });
      await i.followUp({ content: "Second note", flags: MessageFlags.Ephemeral });
    });
    const h = fake.slashCommand({ name: "ask", channelId: general, userId: AINO, options: { text: "who?" } });
    const notes = await h.waitForFollowUps(1);
    expect(h.record.callback).toMatchObject({ type: 5, data: { flags: 64 } });
    const original = h.original();
    expect(original?.content).toBe("Done: 3 volunteers");
    expect(original?.ephemeralTo).toBe(AINO);
    expect(original?.edits.map((e) => e.content)).toEqual(["", "Working on it"]);
    expect(notes[0]?.content).toBe("Second note");
    expect(notes[0]?.ephemeralTo).toBe(AINO);
    const calls = fake.calls.filter((c) => c.path.includes(h.token)).map((c) => `${c.method} ${c.route}`);
    expect(calls).toEqual([
      "POST /interactions/:id/:token/callback",
      "POST /webhooks/:appId/:token",
      "PATCH /webhooks/:appId/:token/messages/:messageId",
      "POST /webhooks/:appId/:token",
    ]);
    // Callbacks and webhooks carry no Authorization.
    expect(fake.calls.filter((c) => c.path.includes(h.token)).every((c) => !c.authorized)).toBe(true);
  });

  it("a second callback is 40060; a late one is 10062; follow-ups need an ack and a live token", async () => {
    let firstReply: Promise<unknown> | undefined;
    handlers.set("later", async (i) => {
      if (!i.isChatInputCommand()) return;
      firstReply = i.reply({ content: "first" });
      await firstReply;
    });
    const h = fake.slashCommand({ name: "later", channelId: general, userId: AINO });
    await h.waitForOriginal();
    // discord.js refuses a second reply itself, so ask Discord directly with its REST client.
    const again = apiError(
      await rejection(
        client.rest.post(Routes.interactionCallback(h.id, h.token), {
          body: { type: 4, data: { content: "second" } },
          auth: false,
        }),
      ),
    );
    expect(again.code).toBe(40060);
    expect(again.message).toBe("Interaction has already been acknowledged.");
    expect(h.record.rejectedCallbacks).toMatchObject([{ type: 4, code: 40060 }]);

    // Late: the handler waits (by condition) until the deadline has passed.
    fake.interactionDeadlineMs = 100;
    let lateError: unknown;
    handlers.set("later", async (i) => {
      if (!i.isChatInputCommand()) return;
      const rec = fake.interaction(i.id)!;
      await fake.waitFor(() => Date.now() - rec.createdAt > 100, 2000, "the deadline to pass");
      lateError = await rejection(i.reply({ content: "too late" }));
    });
    const late = fake.slashCommand({ name: "later", channelId: general, userId: AINO });
    await fake.waitFor(() => lateError);
    fake.interactionDeadlineMs = 3000;
    expect(apiError(lateError).code).toBe(10062);
    expect(apiError(lateError).status).toBe(404);
    expect(late.record.callback).toBeNull();

    // No webhook before the interaction is acknowledged; none after the token's lifetime.
    handlers.delete("later");
    const unanswered = fake.slashCommand({ name: "later", channelId: general, userId: AINO });
    const early = await api(
      fake,
      "POST",
      `/webhooks/${fake.applicationId}/${unanswered.token}`,
      { content: "x" },
      false,
    );
    expect(early).toMatchObject({ status: 404, json: { code: 10015, message: "Unknown Webhook" } });
    // A callback type that does not fit the interaction is refused.
    for (const type of [7, 8]) {
      const path = `/interactions/${unanswered.id}/${unanswered.token}/callback`;
      const wrong = await api(fake, "POST", path, { type, data: {} }, false);
      expect(wrong).toMatchObject({ status: 400, json: { code: 50035, errors: { type: {} } } });
    }
    fake.interactionTokenLifetimeMs = 0;
    const expired = await api(fake, "POST", `/webhooks/${fake.applicationId}/${h.token}`, { content: "x" }, false);
    fake.interactionTokenLifetimeMs = 15 * 60_000;
    expect(expired).toMatchObject({ status: 401, json: { code: 50027 } });
  });

  it("a button press arrives with the stored message; update() edits that message", async () => {
    const channel = client.channels.cache.get(general) as TextChannel;
    const sent = await channel.send({
      content: "Clean the park on Saturday?",
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Primary, label: "Join", customId: "join:1" },
            { type: ComponentType.Button, style: ButtonStyle.Link, label: "Map", url: "https://example.org/map" },
          ],
        },
      ],
    });
    let messageContent: string | undefined;
    handlers.set("join:1", async (i) => {
      if (!i.isButton()) return;
      messageContent = i.message.content;
      await i.update({ content: "Aino joined", components: [] });
    });
    const h = fake.pressButton({ channelId: general, messageId: sent.id, customId: "join:1", userId: AINO });
    await h.waitForCallback();
    expect(h.record.callback?.type).toBe(7);
    expect(messageContent).toBe("Clean the park on Saturday?");
    const stored = fake.message(sent.id);
    expect(stored?.content).toBe("Aino joined");
    expect(stored?.components).toEqual([]);
    expect(stored?.edits[0]?.content).toBe("Clean the park on Saturday?");
    // The change reaches the client as MESSAGE_UPDATE.
    await fake.waitFor(() => channel.messages.cache.get(sent.id)?.content === "Aino joined");
  });

  it("autocomplete: respond() with up to 25 choices; 26 is 50035", async () => {
    const typed: string[] = [];
    handlers.set("poll", async (i) => {
      if (!i.isAutocomplete()) return;
      const ac: AutocompleteInteraction = i;
      typed.push(ac.options.getFocused());
      const n = ac.options.getFocused() === "many" ? 26 : 3;
      await ac.respond(Array.from({ length: n }, (_, k) => ({ name: `Option ${k}`, value: `o${k}` })));
    });
    const h = fake.autocomplete({
      name: "poll",
      channelId: general,
      userId: AINO,
      focused: "question",
      options: { question: "Sat" },
    });
    await h.waitForCallback();
    expect(h.record.callback?.type).toBe(8);
    expect(h.record.choices).toHaveLength(3);
    const many = fake.autocomplete({
      name: "poll",
      channelId: general,
      userId: AINO,
      focused: "question",
      options: { question: "many" },
    });
    await fake.waitFor(() => many.record.rejectedCallbacks.length > 0 && handlerErrors.length > 0);
    expect(many.record.rejectedCallbacks[0]?.code).toBe(50035);
    expect(typed).toEqual(["Sat", "many"]);
    expect(handlerErrors.splice(0).map((e) => apiError(e).code)).toEqual([50035]);
  });

  it("showModal, then the modal submit arrives with its fields", async () => {
    handlers.set("form", async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.showModal({
        customId: "signup",
        title: "Sign up",
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.TextInput, customId: "name", label: "Name", style: 1 }],
          },
        ],
      });
    });
    let submitted: ModalSubmitInteraction | undefined;
    handlers.set("signup", async (i) => {
      if (!i.isModalSubmit()) return;
      submitted = i;
      await i.reply({ content: `Thanks ${i.fields.getTextInputValue("name")}`, flags: MessageFlags.Ephemeral });
    });
    const h = fake.slashCommand({ name: "form", channelId: general, userId: AINO });
    await h.waitForCallback();
    expect(h.record.modal).toMatchObject({ custom_id: "signup", title: "Sign up" });
    const submit = fake.modalSubmit({ channelId: general, userId: AINO, customId: "signup", fields: { name: "Aino" } });
    const reply = await submit.waitForOriginal();
    expect(reply.content).toBe("Thanks Aino");
    expect(reply.ephemeralTo).toBe(AINO);
    expect(submitted?.customId).toBe("signup");
  });

  it("a modal over Discord's limits is refused with 50035; submitModal sends what the client would", async () => {
    const input = (customId: string, label: string, extra: { value?: string; required?: boolean } = {}) => ({
      type: ComponentType.ActionRow as const,
      components: [{ type: ComponentType.TextInput as const, customId, label, style: TextInputStyle.Short, ...extra }],
    });
    const shown: string[] = [];
    handlers.set("badform", async (i) => {
      if (!i.isChatInputCommand()) return;
      const rows = Array.from({ length: 6 }, (_, n) => input(`f${n}`, "Field"));
      rows[0] = input("f0", "A label longer than forty-five characters, too long");
      await i.showModal({ customId: "bad", title: "Bad", components: rows });
    });
    handlers.set("goodform", async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.showModal({
        customId: "good",
        title: "Good",
        components: [input("title", "Title", { value: "Park" }), input("where", "Where", { required: false })],
      });
    });
    handlers.set("good", async (i) => {
      if (!i.isModalSubmit()) return;
      shown.push(`${i.fields.getTextInputValue("title")}|${i.fields.getTextInputValue("where")}`);
      await i.reply({ content: "ok" });
    });
    const bad = fake.slashCommand({ name: "badform", channelId: general, userId: AINO });
    await fake.waitFor(() => bad.record.rejectedCallbacks.length > 0 && handlerErrors.length > 0);
    const error = apiError(handlerErrors.splice(0)[0]);
    expect(error.code).toBe(50035);
    expect(JSON.stringify(error.rawError)).toMatch(/components.*BASE_TYPE_BAD_LENGTH/);
    expect(JSON.stringify(error.rawError)).toMatch(/label/);

    const good = fake.slashCommand({ name: "goodform", channelId: general, userId: AINO });
    await good.waitForCallback();
    expect(() => fake.submitModal(good, { title: "" })).toThrow(/required "title" empty/);
    expect(() => fake.submitModal(good, { title: "x", nope: "y" })).toThrow(/no text input "nope"/);
    const submitted = fake.submitModal(good, { title: "Park" });
    await submitted.waitForOriginal();
    expect(shown).toEqual(["Park|"]);
  });

  it("channel.send with a file: multipart parts recorded, bytes served at the attachment URL", async () => {
    const channel = client.channels.cache.get(general) as TextChannel;
    const bytes = Buffer.from("task,slots\npark,4\n");
    const sent = await channel.send({
      content: "Report",
      files: [{ attachment: bytes, name: "report.csv", description: "CSV" }],
    });
    const stored = fake.message(sent.id);
    expect(stored?.attachments).toHaveLength(1);
    expect(stored?.attachments[0]).toMatchObject({ filename: "report.csv", description: "CSV" });
    expect(stored?.attachments[0]?.bytes.equals(bytes)).toBe(true);
    const call = fake.callsTo("POST /channels/:channelId/messages").at(-1);
    expect(call?.files[0]).toMatchObject({ field: "files[0]", filename: "report.csv" });
    expect(call?.body).toMatchObject({ content: "Report", attachments: [{ id: "0", description: "CSV" }] });
    const att = sent.attachments.first();
    expect(att?.name).toBe("report.csv");
    const download = await fetch(att?.url ?? "");
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("refuses over-limit embeds and components with 50035, an empty message with 50006", async () => {
    const channel = client.channels.cache.get(general) as TextChannel;
    const embed = apiError(await rejection(channel.send({ embeds: [{ title: "t".repeat(257) }] })));
    expect(embed.code).toBe(50035);
    expect(embed.rawError).toMatchObject({
      errors: { embeds: { "0": { title: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } } },
    });
    const big = apiError(
      await rejection(channel.send({ embeds: [{ description: "d".repeat(4000) }, { description: "d".repeat(2001) }] })),
    );
    expect(big.rawError).toMatchObject({ errors: { embeds: { _errors: [{ code: "MAX_EMBED_SIZE_EXCEEDED" }] } } });
    const button = (id: string) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: id,
      customId: id,
    });
    const wide = apiError(
      await rejection(
        channel.send({
          content: "x",
          components: [{ type: ComponentType.ActionRow, components: ["a", "b", "c", "d", "e", "f"].map(button) }],
        }),
      ),
    );
    expect(wide.code).toBe(50035);
    expect(wide.rawError).toMatchObject({
      errors: { components: { "0": { components: { _errors: [{ code: "COMPONENT_LAYOUT_WIDTH_EXCEEDED" }] } } } },
    });
    const dup = apiError(
      await rejection(
        channel.send({
          content: "x",
          components: [{ type: ComponentType.ActionRow, components: [button("a"), button("a")] }],
        }),
      ),
    );
    expect(dup.rawError).toMatchObject({
      errors: {
        components: {
          "0": { components: { "1": { custom_id: { _errors: [{ code: "COMPONENT_CUSTOM_ID_DUPLICATED" }] } } } },
        },
      },
    });
    const empty = apiError(await rejection(channel.send({ content: "  " })));
    expect(empty.code).toBe(50006);
    const long = apiError(await rejection(channel.send({ content: "x".repeat(2001) })));
    expect(long.rawError).toMatchObject({ errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } });
  });

  it("records who a message pings: allowed_mentions parse [] silences @everyone; none pings all", async () => {
    const channel = client.channels.cache.get(general) as TextChannel;
    const quiet = await channel.send({
      content: `@everyone cleanup at 10, <@${AINO}> leads, <@&${officials}> note`,
      allowedMentions: { parse: [] },
    });
    expect(fake.pingedNoOne(fake.message(quiet.id)!)).toBe(true);
    expect(quiet.mentions.everyone).toBe(false);
    const loud = await channel.send({ content: `@everyone cleanup at 10, <@${AINO}> leads, <@&${officials}> note` });
    expect(fake.pingsOf(fake.message(loud.id)!)).toEqual({
      everyone: true,
      here: false,
      users: [AINO],
      roles: [officials],
      repliedUser: null,
    });
    expect(loud.mentions.everyone).toBe(true);
    const some = await channel.send({ content: `<@${AINO}> <@${OLLI}>`, allowedMentions: { users: [OLLI] } });
    expect(fake.pingsOf(fake.message(some.id)!).users).toEqual([OLLI]);
    const both = apiError(
      await rejection(channel.send({ content: "x", allowedMentions: { parse: ["users"], users: [AINO] } })),
    );
    expect(both.rawError).toMatchObject({
      errors: { allowed_mentions: { _errors: [{ code: "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE" }] } },
    });
    const badParse = await api(fake, "POST", `/channels/${general}/messages`, {
      content: "x",
      allowed_mentions: { parse: ["channels"] },
    });
    expect(badParse.json).toMatchObject({
      code: 50035,
      errors: { allowed_mentions: { parse: { "0": { _errors: [{ code: "BASE_TYPE_CHOICES" }] } } } },
    });
  });

  it("DMs: createDM returns the same channel; a user who disallows DMs gives 50007", async () => {
    const aino = await client.users.fetch(AINO);
    const dm1 = await aino.createDM();
    const dm2 = await aino.createDM(true);
    expect(dm1.id).toBe(dm2.id);
    expect(fake.dmChannelWith(AINO)?.id).toBe(dm1.id);
    const sent = await aino.send("Hei! Kiitos ilmoittautumisesta.");
    expect(sent.channelId).toBe(dm1.id);
    expect(fake.messagesIn(dm1.id).map((m) => m.content)).toEqual(["Hei! Kiitos ilmoittautumisesta."]);
    const eero = await client.users.fetch(EERO);
    const refused = apiError(await rejection(eero.send("hello")));
    expect(refused.code).toBe(50007);
    expect(refused.status).toBe(403);

    // A slash command in the bot's DM: `user` instead of `member`, context 1.
    let dmInteraction: ChatInputCommandInteraction | undefined;
    let callbackMessage: string | undefined;
    handlers.set("ask", async (i) => {
      if (!i.isChatInputCommand()) return;
      dmInteraction = i;
      const res = await i.reply({ content: "Vastaus", withResponse: true });
      callbackMessage = res.resource?.message?.content;
    });
    const h = fake.slashCommand({ name: "ask", channelId: dm1.id, userId: AINO });
    await h.waitForOriginal();
    expect(dmInteraction?.inGuild()).toBe(false);
    expect(dmInteraction?.user.id).toBe(AINO);
    expect(dmInteraction?.member).toBeNull();
    expect(dmInteraction?.context).toBe(1);
    expect(dmInteraction?.locale).toBe("fi");
    // ?with_response=true answers 200 with the interaction callback response.
    await fake.waitFor(() => callbackMessage);
    expect(callbackMessage).toBe("Vastaus");
    expect(h.record.callback?.withResponse).toBe(true);
  });

  it("polls: create, votes reach the client, expire finalizes; polls cannot be edited", async () => {
    const channel = client.channels.cache.get(general) as TextChannel;
    const sent = await channel.send({
      poll: {
        question: { text: "Which Saturday?" },
        answers: [{ text: "May 4" }, { text: "May 11" }],
        duration: 48,
        allowMultiselect: false,
      },
    });
    const stored = fake.message(sent.id);
    expect(stored?.poll).toMatchObject({ question: "Which Saturday?", allowMultiselect: false, finalized: false });
    expect(sent.poll?.answers.map((a) => a.text)).toEqual(["May 4", "May 11"]);

    const added: [number, string][] = [];
    const removed: [number, string][] = [];
    const onAdd = (a: PollAnswer | { id: number }, user: string) => added.push([a.id, user]);
    const onRemove = (a: PollAnswer | { id: number }, user: string) => removed.push([a.id, user]);
    client.on(Events.MessagePollVoteAdd, onAdd);
    client.on(Events.MessagePollVoteRemove, onRemove);
    fake.pollVote({ action: "add", userId: AINO, channelId: general, messageId: sent.id, answerId: 1 });
    fake.pollVote({ action: "add", userId: OLLI, channelId: general, messageId: sent.id, answerId: 2 });
    fake.pollVote({ action: "remove", userId: OLLI, channelId: general, messageId: sent.id, answerId: 2 });
    await fake.waitFor(() => added.length === 2 && removed.length === 1);
    client.off(Events.MessagePollVoteAdd, onAdd);
    client.off(Events.MessagePollVoteRemove, onRemove);
    expect(added).toEqual([
      [1, AINO],
      [2, OLLI],
    ]);
    expect(removed).toEqual([[2, OLLI]]);
    expect(() =>
      fake.pollVote({ action: "add", userId: AINO, channelId: general, messageId: sent.id, answerId: 2 }),
    ).toThrow(/single-choice/);
    const voters = await sent.poll!.answers.get(1)!.voters.fetch();
    expect([...voters.keys()]).toEqual([AINO]);

    const noEdit = await api(fake, "PATCH", `/channels/${general}/messages/${sent.id}`, {
      poll: { question: { text: "x" }, answers: [{ poll_media: { text: "y" } }] },
    });
    expect(noEdit).toMatchObject({ status: 400, json: { code: 520003 } });

    const ended = await sent.poll!.end();
    expect(ended.poll?.resultsFinalized).toBe(true);
    expect(fake.message(sent.id)?.poll?.finalized).toBe(true);
    // discord.js refuses to end an ended poll itself; Discord answers 520001.
    const again = apiError(await rejection(client.rest.post(Routes.expirePoll(general, sent.id))));
    expect(again.code).toBe(520001);

    const bad = apiError(
      await rejection(
        channel.send({
          poll: {
            question: { text: "q" },
            answers: [{ text: "a".repeat(56) }],
            duration: 769,
            allowMultiselect: false,
          },
        }),
      ),
    );
    expect(bad.rawError).toMatchObject({
      errors: {
        poll: {
          answers: { "0": { poll_media: { text: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH" }] } } } },
          duration: { _errors: [{ code: "NUMBER_TYPE_MAX" }] },
        },
      },
    });
  });

  it("honours a 429: discord.js waits retry_after and the message arrives on the retry", async () => {
    const raw = await (async () => {
      fake.failNext("GET /users/@me", { status: 429, retryAfter: 1.5, global: true });
      return api(fake, "GET", "/users/@me");
    })();
    expect(raw.status).toBe(429);
    expect(raw.json).toEqual({ message: "You are being rate limited.", retry_after: 1.5, global: true });
    expect(raw.headers.get("retry-after")).toBe("1.5");
    expect(raw.headers.get("x-ratelimit-global")).toBe("true");
    expect(raw.headers.get("x-ratelimit-scope")).toBe("global");

    const channel = client.channels.cache.get(general) as TextChannel;
    const limited: unknown[] = [];
    client.rest.on("rateLimited", (info) => limited.push(info));
    fake.failNext(`POST /channels/${general}/messages`, { status: 429, retryAfter: 0.2 });
    const sending = channel.send("after the limit");
    await fake.waitForCall(`POST /channels/${general}/messages`, (c) => c.status === 429);
    const sent = await sending;
    client.rest.removeAllListeners("rateLimited");
    const posts = fake.callsTo(`POST /channels/${general}/messages`).slice(-2);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.message(sent.id)?.content).toBe("after the limit");
    expect(limited).toHaveLength(1);

    fake.failNext("POST /channels/:channelId/messages", { status: 503 });
    await channel.send("after a 503");
    expect(
      fake
        .callsTo("POST /channels/:channelId/messages")
        .slice(-2)
        .map((c) => c.status),
    ).toEqual([503, 200]);
  });

  it("a hidden channel is 403 Missing Access (50001) as a DiscordAPIError", async () => {
    const channel = client.channels.cache.get(hidden) as TextChannel;
    const err = apiError(await rejection(channel.send("hello")));
    expect(err.code).toBe(50001);
    expect(err.status).toBe(403);
    expect(err.message).toBe("Missing Access");
    fake.setChannelAccess(hidden, true);
    await channel.send("now visible");
    expect(fake.messagesIn(hidden)).toHaveLength(1);
  });

  it("threads are channels: a message to the thread id lands in the thread; new threads arrive as THREAD_CREATE", async () => {
    const t = client.channels.cache.get(thread);
    expect(t?.isThread()).toBe(true);
    if (!t?.isThread()) return;
    await t.send("In the thread");
    expect(fake.messagesIn(thread).map((m) => m.content)).toEqual(["In the thread"]);
    expect(fake.messagesIn(general).some((m) => m.content === "In the thread")).toBe(false);

    const created = once(client, Events.ThreadCreate);
    const c = fake.channelCreate({ guildId, name: "signups", type: 12, parentId: general, ownerId: AINO });
    const [th] = (await created) as [{ id: string; parentId: string | null }];
    expect(th.id).toBe(c.id);
    expect(th.parentId).toBe(general);

    const parent = client.channels.cache.get(general) as TextChannel;
    const started = await parent.threads.create({ name: "From the bot" });
    expect(fake.channel(started.id)).toMatchObject({ type: 11, parentId: general });
  });

  it("forced close: discord.js RESUMEs and gets the INTERACTION_CREATE it missed", async () => {
    const resumed = once(client, Events.ShardResume);
    let got: string | undefined;
    handlers.set("ask", async (i) => {
      if (!i.isChatInputCommand()) return;
      got = i.options.getString("text") ?? "";
      await i.reply("caught up");
    });
    expect(fake.forceClose(0, 4000)).toBe(1);
    // Sent while no connection is open: queued in the session for the resume.
    const h = fake.slashCommand({ name: "ask", channelId: general, userId: AINO, options: { text: "missed" } });
    await resumed;
    await h.waitForOriginal(undefined, 5000);
    expect(got).toBe("missed");
    expect(fake.identifies).toBe(1);
    expect(fake.sessions[0]?.resumes).toBe(1);

    // A dropped TCP link (1006) resumes too.
    const resumedAgain = once(client, Events.ShardResume);
    fake.forceClose(0, 1006);
    await resumedAgain;
    expect(fake.sessions[0]?.resumes).toBe(2);

    // Op 1 from the server: the client heartbeats at once.
    const before = fake.heartbeatsReceived;
    fake.requestHeartbeat(0);
    await fake.waitFor(() => fake.heartbeatsReceived > before);
  });

  it("guildDelete: the client forgets the guild and REST answers 50001 there", async () => {
    const extra = fake.addGuild({ name: "Naapurusto", botIsMember: false });
    const ch = fake.addChannel({ guildId: extra.id, name: "yleinen" });
    const joined = once(client, Events.GuildCreate);
    fake.guildCreate(extra.id);
    await joined;
    expect(client.channels.cache.has(ch.id)).toBe(true);
    const left = once(client, Events.GuildDelete);
    fake.guildDelete(extra.id);
    await left;
    expect(client.guilds.cache.has(extra.id)).toBe(false);
    const err = apiError(await rejection(client.rest.post(Routes.channelMessages(ch.id), { body: { content: "x" } })));
    expect(err.code).toBe(50001);
  });

  it("records every REST call", () => {
    expect(fake.calls.length).toBeGreaterThan(10);
    const first = fake.calls[0];
    expect(first).toMatchObject({ method: "GET", route: "/gateway/bot", authorized: true, status: 200 });
    expect(handlerErrors).toEqual([]);
    expect(isObject(fake.calls.at(-1)?.body)).toBe(true);
  });
});

describe("FakeDiscord gateway: shards, intents, token", () => {
  it.each([
    ["shards: auto", { shards: "auto" as const }],
    ["shards: [0, 1], shardCount: 2", { shards: [0, 1], shardCount: 2 }],
  ])("two shards (%s): each guild's GUILD_CREATE and interactions arrive on its own shard", async (_, shardOptions) => {
    const fake = await FakeDiscord.start({ recommendedShards: 2, heartbeatIntervalMs: 1000 });
    const client = newClient(fake, [GatewayIntentBits.Guilds], shardOptions);
    try {
      fake.addUser({ id: AINO, username: "aino" });
      const g0 = fake.addGuild({ id: snowflakeOnShard(0, 2), name: "Shard zero" });
      const g1 = fake.addGuild({ id: snowflakeOnShard(1, 2), name: "Shard one" });
      expect([fake.shardOf(g0.id), fake.shardOf(g1.id)]).toEqual([0, 1]);
      const c0 = fake.addChannel({ guildId: g0.id, name: "general" });
      const c1 = fake.addChannel({ guildId: g1.id, name: "general" });
      const seen: [string | null, number | undefined][] = [];
      client.on(Events.InteractionCreate, async (i) => {
        seen.push([i.guildId, i.guild?.shardId]);
        if (i.isChatInputCommand()) await i.reply("ok");
      });
      await login(client, fake);
      expect(client.ws.shards.size).toBe(2);
      expect(client.guilds.cache.get(g0.id)?.shardId).toBe(0);
      expect(client.guilds.cache.get(g1.id)?.shardId).toBe(1);
      const shardGuilds = fake.sessions.map((s) => [
        s.shard,
        s.log.filter((e) => e.t === "GUILD_CREATE").map((e) => (isObject(e.d) ? e.d.id : null)),
      ]);
      expect(shardGuilds).toEqual(
        expect.arrayContaining([
          [[0, 2], [g0.id]],
          [[1, 2], [g1.id]],
        ]),
      );
      await fake.slashCommand({ name: "ping", channelId: c0.id, userId: AINO }).waitForOriginal();
      await fake.slashCommand({ name: "ping", channelId: c1.id, userId: AINO }).waitForOriginal();
      expect(seen).toEqual([
        [g0.id, 0],
        [g1.id, 1],
      ]);
      const log1 = fake.sessions.find((s) => s.shard[0] === 1)?.log.map((e) => e.t);
      expect(log1?.filter((t) => t === "INTERACTION_CREATE")).toHaveLength(1);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });

  it("poll votes on a message the client never cached need Partials.Message, Poll and PollAnswer", async () => {
    const fake = await FakeDiscord.start();
    fake.addUser({ id: AINO, username: "aino" });
    const g = fake.addGuild({ name: "Kylä" });
    const ch = fake.addChannel({ guildId: g.id, name: "general" });
    // Without GuildMessages the poll's MESSAGE_CREATE never reaches either client, so nothing is cached.
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessagePolls];
    const bare = new Client({ intents, rest: { api: fake.restApi } });
    const partial = newClient(fake, intents);
    try {
      await login(bare, fake);
      await login(partial, fake);
      const bareVotes: number[] = [];
      const partialVotes: [number, string][] = [];
      let bareSawPacket = false;
      bare.on(Events.MessagePollVoteAdd, (a) => bareVotes.push(a.id));
      bare.on(Events.Raw, (packet: { t?: string }) => {
        if (packet.t === "MESSAGE_POLL_VOTE_ADD") bareSawPacket = true;
      });
      partial.on(Events.MessagePollVoteAdd, (a, user) => partialVotes.push([a.id, user]));
      const poll = fake.postAsUser(ch.id, AINO, "", {
        poll: { question: "Sauna or swim?", answers: ["Sauna", "Swim"] },
      });
      fake.pollVote({ action: "add", userId: AINO, channelId: ch.id, messageId: poll.id, answerId: 2 });
      await fake.waitFor(() => partialVotes.length === 1 && bareSawPacket);
      expect(partialVotes).toEqual([[2, AINO]]);
      // The packet arrived, but discord.js dropped it: no cached message and no partials.
      expect(bareVotes).toEqual([]);
    } finally {
      await bare.destroy();
      await partial.destroy();
      await fake.stop();
    }
  });

  it("an unknown session gets op 9 on RESUME and the client IDENTIFYs afresh", async () => {
    const fake = await FakeDiscord.start();
    fake.addUser({ id: AINO, username: "aino" });
    const g = fake.addGuild({ name: "Kylä" });
    const ch = fake.addChannel({ guildId: g.id, name: "general" });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: fake.restApi },
      // discord.js spaces IDENTIFYs of a shard 5 s apart; a no-op throttler keeps the test quick.
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    });
    try {
      client.on(Events.InteractionCreate, async (i) => {
        if (i.isChatInputCommand()) await i.reply("fresh");
      });
      await login(client, fake);
      fake.invalidateSessions(0);
      fake.forceClose(0, 4000);
      await fake.waitFor(() => fake.identifies === 2 && fake.connectedShards.length === 1, 5000);
      expect(fake.sessions.map((s) => s.ended)).toEqual([true, false]);
      await fake.slashCommand({ name: "ping", channelId: ch.id, userId: AINO }).waitForOriginal(undefined, 5000);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });

  it("a privileged intent the app lacks closes with 4014 and login fails", async () => {
    const fake = await FakeDiscord.start();
    const client = newClient(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent]);
    try {
      const err = await rejection(client.login(fake.token));
      expect(String(err)).toMatch(/disallowed intents/i);
      expect(fake.gatewayCloses.map((c) => c.code)).toEqual([4014]);
    } finally {
      await client.destroy();
      await fake.stop();
    }
    // With MessageContent enabled for the app the same client gets in.
    const allowed = await FakeDiscord.start({ privilegedIntents: GatewayIntentBits.MessageContent });
    const ok = newClient(allowed, [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent]);
    try {
      await login(ok, allowed);
      expect(allowed.sessions[0]?.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.MessageContent);
    } finally {
      await ok.destroy();
      await allowed.stop();
    }
  });

  it("a wrong token fails at GET /gateway/bot with 401; the gateway refuses it with 4004", async () => {
    const fake = await FakeDiscord.start();
    const client = newClient(fake);
    try {
      const err = await rejection(client.login("wrong.token.value"));
      expect(String(err)).toMatch(/invalid token/i);
      const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
      const closed = new Promise<number>((resolve) => {
        ws.on("message", (data) => {
          const msg: unknown = JSON.parse(String(data));
          if (isObject(msg) && msg.op === 10)
            ws.send(JSON.stringify({ op: 2, d: { token: "nope", intents: 1, properties: {} } }));
        });
        ws.on("close", (code) => resolve(code));
      });
      expect(await closed).toBe(4004);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });
});
