// Shared by the Slack adapter's tests: a fake workspace with people and
// channels made on demand, Slack's way of sending typed text, and reading a
// bot message back the way a person sees it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import { createLogger, type Logger } from "../../../src/core/logger.js";
import { FakeSlack, type JsonObject, type JsonValue, type StoredMessage } from "../../fakes/slack/fake-slack.js";

export const silentLogger = () => createLogger({ level: "silent" });

/**
 * A fake with one team, `aino`, and #general (bot and aino in it), and an
 * adapter in HTTP mode that is never started: enough for outbound calls.
 */
export async function outboundWorld(
  teamId: string,
  general: string,
  logger: Logger = silentLogger(),
): Promise<{ fake: FakeSlack; adapter: SlackAdapter }> {
  const fake = await FakeSlack.start({ teamId });
  fake.addUser({ id: "U0AINO1", name: "aino" });
  fake.addChannel({ id: general, name: "general", members: ["U0AINO1"] });
  const adapter = new SlackAdapter({
    botToken: fake.botToken,
    signingSecret: fake.signingSecret,
    apiUrl: fake.slackApiUrl,
    logger,
  });
  return { fake, adapter };
}

/** A logger at warn level whose lines (JSON) a test reads back. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: "warn", destination }), lines };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** People and channels by name, created in the fake the first time a test names them. */
export class FakeWorkspace {
  private readonly users = new Map<string, string>();
  private readonly channels = new Map<string, string>();

  constructor(readonly fake: FakeSlack) {}

  /** A person called `name` ("alice" -> U0ALICE…), member of every channel made so far. */
  user(name: string, opts: { admin?: boolean; locale?: string; realName?: string } = {}): string {
    const known = this.users.get(name);
    if (known) return known;
    const id = `U0${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`.slice(0, 11).padEnd(9, "X");
    this.fake.addUser({
      id,
      name,
      isAdmin: opts.admin ?? false,
      ...(opts.locale ? { locale: opts.locale } : {}),
      ...(opts.realName ? { realName: opts.realName, displayName: opts.realName } : {}),
    });
    this.users.set(name, id);
    for (const channelId of this.channels.values()) this.join(channelId, id);
    return id;
  }

  /** A public channel the bot is in, with every person made so far. */
  channel(name: string, opts: { botIsMember?: boolean } = {}): string {
    const known = this.channels.get(name);
    if (known) return known;
    const id = `C0${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`.slice(0, 11).padEnd(9, "X");
    this.fake.addChannel({ id, name, members: [...this.users.values()], botIsMember: opts.botIsMember ?? true });
    this.channels.set(name, id);
    return id;
  }

  private join(channelId: string, userId: string): void {
    const channel = this.fake.channel(channelId);
    if (channel && !channel.members.includes(userId)) channel.members.push(userId);
  }

  /**
   * What a Slack client sends for text typed into a command with
   * should_escape: & < > escaped, @here/@channel/@everyone and @people as
   * control sequences.
   */
  typed(text: string): string {
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return escaped.replace(/(^|\s)@([\w.-]+)/g, (all, space: string, name: string) => {
      if (["here", "channel", "everyone"].includes(name)) return `${space}<!${name}>`;
      const id = this.users.get(name);
      return id ? `${space}<@${id}|${name}>` : all;
    });
  }
}

/** A bot message as a person reads it: header, sections, fields and context, in order. */
export function visibleText(fake: FakeSlack, message: StoredMessage): string {
  if (!message.blocks?.length) return fake.render(message.text);
  const lines: string[] = [];
  const read = (t: JsonValue | undefined) => {
    if (!isObject(t) || typeof t.text !== "string") return;
    lines.push(t.type === "mrkdwn" ? fake.render(t.text) : t.text);
  };
  for (const block of message.blocks) {
    read(block.text);
    if (Array.isArray(block.fields)) block.fields.forEach(read);
    if (block.type === "context" && Array.isArray(block.elements)) block.elements.forEach(read);
  }
  return lines.join("\n");
}

/** The buttons of a message: label, action_id and value. */
export function buttonsOf(message: StoredMessage): { label: string; actionId: string; value: string }[] {
  const out: { label: string; actionId: string; value: string }[] = [];
  for (const block of message.blocks ?? []) {
    if (block.type !== "actions" || !Array.isArray(block.elements)) continue;
    for (const element of block.elements) {
      if (!isObject(element) || element.type !== "button" || !isObject(element.text)) continue;
      out.push({
        label: String(element.text.text),
        actionId: String(element.action_id),
        value: String(element.value ?? ""),
      });
    }
  }
  return out;
}

/** The bot's messages in a channel, oldest first, as now shown (edits applied). */
export function botMessages(fake: FakeSlack, channelId: string): StoredMessage[] {
  return fake.messagesIn(channelId).filter((m) => m.bot_id === fake.botId);
}

/** Presses the button labelled `label` on the newest bot message in the channel that has it. */
export function findButton(
  fake: FakeSlack,
  channelId: string,
  label: string,
): { message: StoredMessage; actionId: string } {
  const message = [...botMessages(fake, channelId)].reverse().find((m) => buttonsOf(m).some((b) => b.label === label));
  const button = message && buttonsOf(message).find((b) => b.label === label);
  if (!message || !button) throw new Error(`no button "${label}" in ${channelId}`);
  return { message, actionId: button.actionId };
}

/**
 * HTTP mode: a node:http server that mounts the adapter's handler at
 * /slack/events, as the backbone's server does, and points the fake at it.
 */
export async function serveSlackHttp(fake: FakeSlack, adapter: SlackAdapter): Promise<{ close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === adapter.httpPath) adapter.handleHttp(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.requestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${adapter.httpPath}`;
  return {
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
