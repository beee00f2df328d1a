// What Slack can do, as the core reads it. Each number is Slack's own limit
// or deadline, so the core's fallbacks start exactly where Slack stops.
import type { Capabilities } from "../../src/core/adapter.js";

export const SLACK_CAPABILITIES: Capabilities = {
  buttons: true,
  // Slack has no poll primitive; the core draws polls with buttons.
  nativePolls: false,
  editMessage: true,
  threads: true,
  ephemeral: true,
  directMessages: true,
  files: true,
  // A Block Kit section carries at most 3000 characters of text. chat.postMessage
  // would take 40,000 in `text`, but a card is blocks, and one section per part
  // keeps every part readable on phones. The core splits at this limit minus
  // room for the card; render.ts splits further when escaping (& -> &amp;)
  // makes a part longer than one section.
  maxTextLength: 3000,
  // Slack retries an event, command or action that is not acknowledged in 3 s.
  ackDeadlineMs: 3000,
  // An actions block holds 25 elements and a button 75 characters; ten rows
  // leave most of the 50-block message for the card itself.
  buttonLayout: { perRow: 25, rows: 10, labelLength: 75 },
  // A toast is an ephemeral line: keep it a line on a phone.
  toastLength: 300,
};
