// What Discord can do, as the core reads it. Each number is Discord's own
// limit or deadline.
import type { Capabilities } from "../../src/core/adapter.js";

/** A message's `content` carries at most 2,000 characters. */
export const DISCORD_TEXT_LIMIT = 2000;
/** An embed's description carries at most 4,096. */
export const DISCORD_EMBED_DESCRIPTION_LIMIT = 4096;
/** A native poll runs at most 32 days. */
export const DISCORD_POLL_MAX_HOURS = 768;
/** A native poll has at most 10 answers. */
export const DISCORD_POLL_MAX_ANSWERS = 10;

export const DISCORD_CAPABILITIES: Capabilities = {
  buttons: true,
  nativePolls: true,
  editMessage: true,
  // Replies go into the thread an interaction came from.
  threads: true,
  // Only as the answer to an interaction; elsewhere the adapter uses the person's DM.
  ephemeral: true,
  directMessages: true,
  files: true,
  maxTextLength: DISCORD_TEXT_LIMIT,
  // An interaction must be answered (or deferred) within 3 s, else "Unknown interaction".
  ackDeadlineMs: 3000,
  nativePollMaxHours: DISCORD_POLL_MAX_HOURS,
  // Action rows: 5 buttons each, 5 rows, labels of 80 characters.
  buttonLayout: { perRow: 5, rows: 5, labelLength: 80 },
  // A toast is an ephemeral message: Discord's 2,000 characters.
  toastLength: 2000,
};
