// The real Slack SDK pointed at the fake, as the fake's own tests use it.
import assert from "node:assert/strict";
import { App, LogLevel, SocketModeReceiver, webApi } from "@slack/bolt";
import type { FakeSlack } from "./fake-slack.js";

/** The WebClient logs Slack's "[ERROR] ..." response messages; these tests expect them. */
export const quietLogger: webApi.Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
};

/** Bolt keeps the receiver private; the SocketModeClient must be disconnected before stop(). */
export function socketReceiverOf(app: App): SocketModeReceiver {
  const receiver: unknown = Reflect.get(app, "receiver");
  assert.ok(receiver instanceof SocketModeReceiver);
  return receiver;
}

export function socketApp(fake: FakeSlack): App {
  return new App({
    token: fake.botToken,
    appToken: fake.appToken,
    socketMode: true,
    clientOptions: { slackApiUrl: fake.slackApiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
}

/** The bot token's Web API client against the fake, without retries. */
export function botClient(fake: FakeSlack): webApi.WebClient {
  return new webApi.WebClient(fake.botToken, {
    slackApiUrl: fake.slackApiUrl,
    retryConfig: { retries: 0 },
    logger: quietLogger,
  });
}

export async function stopSocketApp(app: App): Promise<void> {
  await socketReceiverOf(app).client.disconnect();
  await app.stop();
}
