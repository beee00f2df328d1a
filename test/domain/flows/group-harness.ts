// A Talkoot for guided flows in a group: "kallio" on a Telegram-like memory
// platform ("tg"), linked to the community Kallio, with alice its admin and
// bob known there. Tests drive time with a ManualClock; `settle()` sends what
// the outbox holds that is due.
import type { ManualClock } from "../../../src/core/clock.js";
import type { MemoryMessage } from "../../support/memory-adapter.js";
import { type RequestsTestApp, startRequestsApp } from "../requests/harness.js";

export async function startGroupFlows(databaseUrl: string, clock: ManualClock): Promise<RequestsTestApp> {
  const h = await startRequestsApp(databaseUrl, { clock });
  await h.say(h.tg, "kallio", "alice", "/setup community Kallio", true);
  await h.say(h.tg, "kallio", "bob", "/help");
  return h;
}

/** The bot's newest message in `chat`. */
export function newestIn(h: RequestsTestApp, chat = "kallio"): MemoryMessage {
  const newest = h.tg.messagesIn(chat).at(-1);
  if (!newest) throw new Error(`no message in ${chat}`);
  return newest;
}

/** Leaves the flows alice and bob may have left open. */
export async function cancelFlows(h: RequestsTestApp): Promise<void> {
  for (const who of ["alice", "bob"]) await h.tg.command("kallio", who, "/cancel");
}
