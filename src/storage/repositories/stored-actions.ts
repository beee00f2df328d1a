// Button actions are stored and referenced by a short id, so platform payloads
// stay tiny (Telegram allows 64 bytes, Discord 100 characters) and carry
// nothing a user could forge. The id is random (128 bits) and bound to the
// chat the button is posted in and that chat's community; the router accepts
// a press only from there. A card drawn again in the same place reuses its
// ids (found by a hash of the place and the action), so live edits do not add
// rows.
import { createHash, randomBytes } from "node:crypto";
import type { ActionPlace, ActionStore, StoredActionRecord } from "../../core/ports.js";
import type { Database, Db } from "../database.js";
import { dialectOf, paramList, paramRows, type SqlDialect } from "../raw-sql.js";
import { TurnBatch } from "../turn-batch.js";
import type { Chats } from "./chats.js";

/** 16 random bytes: 22 base64url characters. */
export function newActionId(): string {
  return randomBytes(16).toString("base64url");
}

function placeKeyOf(action: string, args: string[], place: ActionPlace, communityId: string | null): string {
  return createHash("sha256")
    .update(JSON.stringify([place.chatId, communityId, place.typed, action, ...args]))
    .digest("base64url");
}

/** Bounded memo: a hot card does not read or write on every render. */
const MEMO_LIMIT = 50_000;
/** Rows per INSERT when many buttons are stored at once (8 parameters each). */
const MAX_ROWS_PER_INSERT = 100;

export class StoredActions implements ActionStore {
  /** By place key; a promise, so that a card drawn by many presses at once looks its ids up once. */
  private readonly idsByPlace = new Map<string, Promise<string>>();
  /** Community look-ups in flight, by chat, shared for the same reason. */
  private readonly communities = new Map<string, Promise<string | null>>();
  /** Rows never change, so a found one is kept. */
  private readonly found = new Map<string, StoredActionRecord>();
  /** Ids asked for in this turn of the event loop, written together. */
  private readonly waiting = new TurnBatch<WaitingAction, string>((rows) => this.createAll(rows), MAX_ROWS_PER_INSERT);

  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(
    private readonly database: Database,
    private readonly chats: Pick<Chats, "communityOf">,
  ) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  async store(action: string, args: string[], place: ActionPlace): Promise<string> {
    const communityId = await this.communityOf(place.chatId);
    const placeKey = placeKeyOf(action, args, place, communityId);
    const known = this.idsByPlace.get(placeKey);
    if (known) return known;
    const id = this.create(placeKey, action, args, place, communityId);
    if (this.idsByPlace.size > MEMO_LIMIT) this.idsByPlace.clear();
    this.idsByPlace.set(placeKey, id);
    // A failed look-up is not remembered: the next render tries again.
    id.catch(() => this.idsByPlace.delete(placeKey));
    return id;
  }

  private communityOf(chatId: string): Promise<string | null> {
    const pending = this.communities.get(chatId);
    if (pending) return pending;
    const lookup = this.chats.communityOf(chatId).finally(() => this.communities.delete(chatId));
    this.communities.set(chatId, lookup);
    return lookup;
  }

  async find(id: string): Promise<StoredActionRecord | undefined> {
    const cached = this.found.get(id);
    if (cached) return cached;
    const row = await this.db.storedAction.findUnique({ where: { id } });
    if (!row) return undefined;
    const record: StoredActionRecord = {
      action: row.action,
      args: JSON.parse(row.args) as string[],
      chatId: row.chatId,
      communityId: row.communityId,
      typed: row.typed,
    };
    if (this.found.size > MEMO_LIMIT) this.found.clear();
    this.found.set(id, record);
    return record;
  }

  /**
   * The place's id: a new row, or the one already there (drawn before, or by
   * another instance at the same moment). The buttons of one message are
   * stored together: the ids asked for in the same turn of the event loop
   * go in one plain multi-row INSERT ... ON CONFLICT DO NOTHING, and the
   * places that already had one are read in one more statement, both straight
   * to the driver (issue 16: a routed card's four buttons were eight
   * statements through Prisma).
   */
  private create(
    placeKey: string,
    action: string,
    args: string[],
    place: ActionPlace,
    communityId: string | null,
  ): Promise<string> {
    return this.waiting.add({ placeKey, action, args, place, communityId });
  }

  /** Each row's id, in order: inserted, else found. */
  private async createAll(rows: readonly WaitingAction[]): Promise<string[]> {
    const ids = await this.insertOrFind(rows);
    return rows.map((row) => {
      const id = ids.get(row.placeKey);
      if (!id) throw new Error(`stored action ${row.placeKey} neither inserted nor found`);
      return id;
    });
  }

  /** The ids by place key: inserted, else (another render or instance was first) found. */
  private async insertOrFind(rows: readonly WaitingAction[]): Promise<Map<string, string>> {
    const { table } = this.sql;
    const columns = ["id", "placeKey", "action", "args", "chatId", "communityId", "typed", "createdAt"];
    const now = new Date();
    const inserted = await this.database.direct.query<{ id: string; placeKey: string }>(
      `INSERT INTO ${table("StoredAction")} (${columns.map((c) => `"${c}"`).join(", ")})
       VALUES ${paramRows(this.sql, rows.length, columns.length)} ON CONFLICT ("placeKey") DO NOTHING RETURNING "id", "placeKey"`,
      rows.flatMap((row) => [
        newActionId(),
        row.placeKey,
        row.action,
        JSON.stringify(row.args),
        row.place.chatId,
        row.communityId,
        row.place.typed,
        now,
      ]),
    );
    const ids = new Map(inserted.map((row) => [row.placeKey, row.id]));
    const missing = [...new Set(rows.map((row) => row.placeKey).filter((key) => !ids.has(key)))];
    if (missing.length > 0) {
      const found = await this.database.direct.query<{ id: string; placeKey: string }>(
        `SELECT "id", "placeKey" FROM ${table("StoredAction")}
          WHERE "placeKey" IN (${paramList(this.sql, 1, missing.length)})`,
        missing,
      );
      for (const row of found) ids.set(row.placeKey, row.id);
    }
    return ids;
  }
}

interface WaitingAction {
  placeKey: string;
  action: string;
  args: string[];
  place: ActionPlace;
  communityId: string | null;
}
