// Button actions are stored and referenced by a short id, so platform payloads
// stay tiny (Telegram allows 64 bytes) and carry nothing a user could forge.
// The id is derived from the action and its arguments: re-rendering a card
// reuses its ids instead of adding rows.
import { createHash } from "node:crypto";
import type { Db } from "../database.js";
import { isUniqueViolation } from "./errors.js";

export interface StoredAction {
  action: string;
  args: string[];
}

export function actionIdFor(action: string, args: string[]): string {
  return createHash("sha256")
    .update(JSON.stringify([action, ...args]))
    .digest("base64url")
    .slice(0, 16);
}

export class StoredActions {
  /** Ids known to be stored, so a hot card does not write on every render. */
  private readonly known = new Set<string>();

  constructor(private readonly db: Db) {}

  async store(action: string, args: string[]): Promise<string> {
    const id = actionIdFor(action, args);
    if (this.known.has(id)) return id;
    try {
      await this.db.storedAction.create({ data: { id, action, args: JSON.stringify(args) } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    if (this.known.size > 50_000) this.known.clear();
    this.known.add(id);
    return id;
  }

  /** Rows never change (the id is their content's hash), so a found one is kept. */
  private readonly found = new Map<string, StoredAction>();

  async find(id: string): Promise<StoredAction | undefined> {
    const cached = this.found.get(id);
    if (cached) return cached;
    const row = await this.db.storedAction.findUnique({ where: { id } });
    if (!row) return undefined;
    const action = { action: row.action, args: JSON.parse(row.args) as string[] };
    if (this.found.size > 50_000) this.found.clear();
    this.found.set(id, action);
    return action;
  }
}
