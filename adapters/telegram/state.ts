// What the adapter keeps durably, through the core's AdapterState (or any
// key-value store of the same shape): the long-poll offset, and which chat
// each native poll went to.
export interface KeyValueState {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/** The next update_id to ask getUpdates for: the last handled one + 1. */
export const OFFSET_KEY = "telegram:offset";

export function pollKey(pollId: string): string {
  return `telegram:poll:${pollId}`;
}
