// Webhook mode: Telegram POSTs each update to our URL with the secret in
// X-Telegram-Bot-Api-Secret-Token. grammY's webhookCallback checks the secret
// (401 before anything else runs) and parses the update; the adapter's
// middleware only starts the work and returns, so Telegram gets its 200 at
// once and a slow database never turns into Telegram's redelivery storm.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Bot } from "grammy";
import { webhookCallback } from "grammy";
import type { Logger } from "../../src/core/logger.js";

export type WebhookRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The path to mount the handler at: the webhook URL's path ("/telegram"). */
export function webhookPathOf(url: string): string {
  const path = new URL(url).pathname.replace(/\/+$/, "");
  return path === "" ? "/" : path;
}

export interface WebhookHandlerOptions {
  bot: Bot;
  secret: string;
  logger: Logger;
  /** False before start and after stop: Telegram is told to come back later (503) and keeps the update. */
  isOpen: () => boolean;
}

export function createWebhookHandler({ bot, secret, logger, isOpen }: WebhookHandlerOptions): WebhookRequestHandler {
  const callback = webhookCallback(bot, "http", { secretToken: secret });
  return (req, res) => {
    if (req.method !== "POST") {
      req.resume();
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    if (!isOpen()) {
      req.resume();
      res.writeHead(503, { "retry-after": "5" }).end();
      return;
    }
    callback(req, res).catch((error: unknown) => {
      // A body that is not an update (grammY could not parse it): the sender's mistake, not ours.
      logger.warn({ err: error }, "telegram: webhook request rejected");
      if (!res.headersSent) res.writeHead(400).end();
      else if (!res.writableEnded) res.end();
    });
  };
}
