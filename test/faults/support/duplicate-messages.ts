// Messages the platform saw twice: the same text posted to the same chat
// more than once (two reminders to one person for one shift, two "has
// changed" notices, two cards for one request). The README promises "at most
// one duplicate message per chat on a crash during a send": a copy whose
// earlier twin went out before a kill -9 and which itself went out after it
// is that duplicate, one per chat and kill. Any other repeat (two copies from
// one process, a second repeat in a chat for the same kill, a repeat across
// a clean stop) counts as doubled.
import type { SentMessage } from "./platform-probe.js";

export interface DuplicateCount {
  /** Repeats the guarantee allows: one per chat per kill, across that kill. */
  afterCrash: number;
  /** Every other repeat. */
  doubled: number;
  /** What was repeated, for the failure message. */
  examples: string[];
}

/**
 * `kills` are call-log positions at which the bot was killed with SIGKILL
 * (sends before a position came from the killed process).
 */
export function countDuplicates(sent: readonly SentMessage[], kills: readonly number[]): DuplicateCount {
  const groups = new Map<string, SentMessage[]>();
  for (const message of sent) {
    const key = `${message.chat}\n${message.text}`;
    groups.set(key, [...(groups.get(key) ?? []), message]);
  }
  const allowance = new Set<string>();
  const result: DuplicateCount = { afterCrash: 0, doubled: 0, examples: [] };
  for (const copies of groups.values()) {
    for (let i = 1; i < copies.length; i++) {
      const earlier = copies[i - 1] as SentMessage;
      const later = copies[i] as SentMessage;
      const kill = kills.find((k) => earlier.at < k && k <= later.at);
      const slot = `${kill}\n${later.chat}`;
      if (kill !== undefined && !allowance.has(slot)) {
        allowance.add(slot);
        result.afterCrash++;
      } else {
        result.doubled++;
        if (result.examples.length < 5) result.examples.push(`${later.chat}: ${later.text.slice(0, 80)}`);
      }
    }
  }
  return result;
}
