// Where an adapter keeps the platform updates it has taken in but not yet
// handled. An update is acknowledged to the platform (Telegram's offset, a
// webhook's 200) only once it is here or handled; it leaves when the core is
// done with it, and what is left after a crash is drained at the next start.
// Draining twice is harmless: the core drops an event it has handled before.

/** One stored update: its id ("<update id>", unique per platform) and the platform's own payload as JSON. */
export interface InboxEntry {
  id: string;
  payload: string;
}

export interface UpdateInbox {
  /** Stores the entries durably (an entry already there stays as it is); throws when storage fails. */
  keep(platform: string, entries: readonly InboxEntry[]): Promise<void>;
  /** The update was handled (or given up on): it need not be drained again. */
  done(platform: string, id: string): Promise<void>;
  /** Updates kept and not done, oldest first. */
  waiting(platform: string): Promise<InboxEntry[]>;
  /** The ids of the updates kept and not done, oldest first (a long backlog without its payloads). */
  waitingIds(platform: string): Promise<string[]>;
  /** The entries with these ids still kept, in the order asked (an id already done is left out). */
  read(platform: string, ids: readonly string[]): Promise<InboxEntry[]>;
}
