// What Telegram can do, as the core reads it. The core falls back where a
// flag is false (ephemeral: a DM the user opened, else the chat with a mention;
// never the chat for a secret, see TelegramAdapter.directChatLink).
import type { Capabilities } from "../../src/core/adapter.js";

/** Telegram's limit for one text message, in UTF-16 units after entity parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Telegram's limit for a document caption, in UTF-16 units after entity parsing. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

export const TELEGRAM_CAPABILITIES: Capabilities = {
  buttons: true,
  nativePolls: true,
  editMessage: true,
  // Forum topics: replies go back into the topic an event came from.
  threads: true,
  // Telegram has no message only one member of a group sees.
  ephemeral: false,
  directMessages: true,
  files: true,
  maxTextLength: TELEGRAM_TEXT_LIMIT,
  // Polling has no deadline of its own; callback queries are answered within ~2 s
  // whatever the core does, and webhooks are acknowledged at once.
  ackDeadlineMs: 10_000,
  // Inline keyboards: 8 buttons a row and 100 in all; longer labels are cut on phones anyway.
  buttonLayout: { perRow: 8, rows: 12, labelLength: 64 },
  // answerCallbackQuery takes at most 200 characters of text.
  toastLength: 200,
  // 📎 → Location: location and venue messages.
  sharedLocations: true,
};
