// Reading effects back: who a platform user is in our database, and which
// button presses the bot answered with a given toast.
import type { FaultWorld } from "../support/fault-world.js";

/** Telegram user id → person id, for those the bot has met. */
export async function personIds(world: FaultWorld, members: number[]): Promise<Map<number, string>> {
  const rows = await world.database.db.identity.findMany({
    where: { id: { in: members.map((m) => `telegram:${m}`) } },
  });
  return new Map(rows.map((r) => [Number(r.id.slice("telegram:".length)), r.personId]));
}

/** Ids of the callback queries the bot answered with a toast matching `text` (answered in time or not). */
export function toastsFor(world: FaultWorld, text: RegExp): Set<string> {
  return new Set(
    world.fake.calls
      .filter((c) => c.method === "answerCallbackQuery" && text.test(String(c.params.text ?? "")))
      .map((c) => String(c.params.callback_query_id)),
  );
}
