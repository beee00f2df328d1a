// What the harness reads from a platform fake, the same way for Telegram and
// Slack: whether the platform saw an update acknowledged, and the messages
// the bot sent (to find one sent twice). Positions are indexes into the
// fake's call log, so a kill can be placed between two sends.
import type { FakeSlack } from "../../fakes/slack/fake-slack.js";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import type { SlackDeliveries } from "./slack-deliveries.js";

/** One message the bot posted (not an edit, not a button answer). */
export interface SentMessage {
  /** Index in the fake's call log. */
  at: number;
  chat: string;
  text: string;
}

export interface PlatformProbe {
  /** The platform will not deliver this update again: the bot confirmed it (offset, 200, ack). */
  acknowledged(updateId: number | string): boolean;
  /** The platform has yet to deliver it, or deliver it again (not acknowledged, not given up on). */
  stillDelivering(updateId: number | string): boolean;
  /** The position in the call log now. */
  mark(): number;
  /** Messages posted successfully from position `since` on. */
  sent(since: number): SentMessage[];
  /** Successful sends, edits and button answers from `since` on (the figure "messages sent"). */
  messagesSent(since: number): number;
  /** Calls from `since` on, counted by "method status" (FAULT_DEBUG). */
  callSummary(since: number): [string, number][];
}

function countBy(keys: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts];
}

const TELEGRAM_POSTS = new Set(["sendMessage", "sendDocument", "sendPoll"]);
const TELEGRAM_SENDS = new Set([...TELEGRAM_POSTS, "editMessageText", "answerCallbackQuery"]);

export function telegramProbe(fake: FakeTelegram): PlatformProbe {
  // Below the confirmed getUpdates offset, or a webhook POST answered 200.
  const acknowledged = (updateId: number | string) =>
    typeof updateId === "number" &&
    (updateId < fake.confirmedOffset ||
      fake.webhookDeliveries.some((d) => d.update.update_id === updateId && d.status === 200));
  return {
    acknowledged,
    // Telegram keeps offering an update until it is confirmed.
    stillDelivering: (updateId) => !acknowledged(updateId),
    mark: () => fake.calls.length,
    sent: (since) =>
      fake.calls.flatMap((c, at) =>
        at >= since && TELEGRAM_POSTS.has(c.method) && c.response.status === 200
          ? [
              {
                at,
                chat: String(c.params.chat_id),
                text: String(c.params.text ?? c.params.caption ?? c.params.question ?? ""),
              },
            ]
          : [],
      ),
    messagesSent: (since) =>
      fake.calls.slice(since).filter((c) => TELEGRAM_SENDS.has(c.method) && c.response.status === 200).length,
    callSummary: (since) => countBy(fake.calls.slice(since).map((c) => `${c.method} ${c.response.status}`)),
  };
}

const SLACK_POSTS = new Set(["chat.postMessage", "chat.postEphemeral"]);
const SLACK_SENDS = new Set([...SLACK_POSTS, "chat.update"]);

function slackOk(status: number, response: unknown): boolean {
  return status === 200 && typeof response === "object" && response !== null && Reflect.get(response, "ok") === true;
}

/** Burst items are keyed as they were sent through `deliveries` (slack-deliveries.ts). */
export function slackProbe(fake: FakeSlack, deliveries: SlackDeliveries): PlatformProbe {
  return {
    acknowledged: (key) => deliveries.acknowledged(String(key)),
    // Slack gives up after three retries; until then it will deliver again.
    stillDelivering: (key) => deliveries.retrying.has(String(key)),
    mark: () => fake.calls.length,
    sent: (since) =>
      fake.calls.flatMap((c, at) =>
        at >= since && SLACK_POSTS.has(c.method) && slackOk(c.status, c.response)
          ? [
              {
                at,
                // An ephemeral message is its own "chat": the channel as one person sees it.
                chat:
                  c.method === "chat.postEphemeral" ? `${c.params.channel}/${c.params.user}` : String(c.params.channel),
                text: String(c.params.text ?? JSON.stringify(c.params.blocks ?? "")),
              },
            ]
          : [],
      ),
    messagesSent: (since) =>
      fake.calls.slice(since).filter((c) => SLACK_SENDS.has(c.method) && slackOk(c.status, c.response)).length,
    // Web API calls, and Slack's deliveries to the bot by attempt (retries are attempt 1-3) and status.
    callSummary: (since) => [
      ...countBy(fake.calls.slice(since).map((c) => `${c.method} ${c.status}`)),
      ...countBy(fake.deliveries.map((d) => `delivery attempt ${d.attempt} ${d.status}`)),
    ],
  };
}
