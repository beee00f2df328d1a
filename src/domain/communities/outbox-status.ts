// /setup status lines about deliveries: how many wait, and the dead letters
// of this community's chats, so an admin sees what never arrived.
import type { Outbox } from "../../outbox/outbox.js";
import type { Store } from "../../storage/store.js";
import type { StatusProvider } from "../feature-module.js";

export function outboxStatus(outbox: Outbox, store: Store): StatusProvider {
  return async (communityId, t) => {
    const [stats, dead, chats] = await Promise.all([
      outbox.stats(),
      outbox.deadLetters(50),
      store.chats.ofCommunity(communityId),
    ]);
    const titles = new Map(chats.map((chat) => [chat.id, chat.title ?? chat.id]));
    const ours = dead.filter((letter) => titles.has(letter.destination));
    const lines = [t("communities:setup.outbox", { depth: stats.depth, dead: ours.length })];
    for (const letter of ours.slice(0, 5)) {
      lines.push(
        t("communities:setup.deadLetter", {
          chat: titles.get(letter.destination)!,
          preview: letter.preview,
          attempts: letter.attempts,
          error: (letter.lastError ?? "").slice(0, 80),
        }),
      );
    }
    return lines;
  };
}
