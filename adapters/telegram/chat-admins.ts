// Who administers a group, from getChatMember, remembered briefly per chat and
// user. Asked only for commands and button presses in groups: that is where
// the core needs it (a chat admin may set up a chat no community owns yet).
// Concurrent questions about the same person share one request.
export type MemberStatusLookup = (chatId: number, userId: number) => Promise<string>;

export interface ChatAdminsOptions {
  lookup: MemberStatusLookup;
  /** How long an answer is trusted. Promotions and demotions show after this at most. */
  ttlMs?: number;
  /** Bound on remembered answers; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
  onError?: (error: unknown, chatId: number, userId: number) => void;
}

const ADMIN_STATUSES = new Set(["creator", "administrator"]);

export class ChatAdmins {
  private readonly answers = new Map<string, { isAdmin: boolean; until: number }>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: ChatAdminsOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  isAdmin(chatId: number, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const known = this.answers.get(key);
    if (known && known.until > this.now()) return Promise.resolve(known.isAdmin);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const asking = this.ask(key, chatId, userId).finally(() => this.pending.delete(key));
    this.pending.set(key, asking);
    return asking;
  }

  /** Forget a chat's answers (the bot was added, promoted or removed there). */
  forgetChat(chatId: number): void {
    const prefix = `${chatId}:`;
    for (const key of this.answers.keys()) if (key.startsWith(prefix)) this.answers.delete(key);
  }

  private async ask(key: string, chatId: number, userId: number): Promise<boolean> {
    let isAdmin: boolean;
    try {
      isAdmin = ADMIN_STATUSES.has(await this.options.lookup(chatId, userId));
    } catch (error) {
      // Unknown means "not an admin" for this event, and is asked again next time.
      this.options.onError?.(error, chatId, userId);
      return false;
    }
    this.answers.delete(key);
    this.answers.set(key, { isAdmin, until: this.now() + this.ttlMs });
    if (this.answers.size > this.maxEntries) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    return isAdmin;
  }
}
