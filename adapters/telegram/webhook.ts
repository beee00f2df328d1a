// Webhook mode: Telegram POSTs each update to our URL with the secret in
// X-Telegram-Bot-Api-Secret-Token. grammY's webhookCallback checks the secret
// (401 before anything else runs) and parses the update; the adapter's
// middleware returns once the update is in Talkoot's hands (stored in the
// inbox, or handled), and Telegram then gets its 200. When it is not (the
// database is down, the core is stopping), the middleware throws NotTaken and
// Telegram gets a 503, so it delivers the update again later.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Bot } from "grammy";
import { BotError, webhookCallback } from "grammy";
import type { Logger } from "../../src/core/logger.js";

/** The update is not in Talkoot's hands: Telegram must deliver it again. */
export class NotTaken extends Error {}

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
      // A body that is not JSON is the sender's mistake (400); anything else (NotTaken, grammY's
      // own timeout) means the update is not in our hands, and Telegram must deliver it again (503).
      const malformed = error instanceof SyntaxError;
      const cause = error instanceof BotError ? error.error : error;
      logger.warn(
        { err: cause },
        malformed ? "telegram: webhook request rejected" : "telegram: webhook update not taken",
      );
      if (!res.headersSent) {
        if (malformed) res.writeHead(400).end();
        else res.writeHead(503, { "retry-after": "5" }).end();
      } else if (!res.writableEnded) res.end();
    });
  };
}
