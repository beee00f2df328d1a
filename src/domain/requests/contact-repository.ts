// A community's contacts: the teams (with a chat, an email) that handle
// categories of requests. Removed ones stay, marked inactive.
import type { Database, Db } from "../../storage/database.js";
import { type DirectSql, flagOf } from "../../storage/direct-sql.js";
import { dialectOf, type SqlDialect } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { ChangeEffects } from "../change-effects.js";
import { fold } from "./category-match.js";
import type { SaveOutcome } from "./save-outcome.js";

export interface ContactRecord {
  id: number;
  communityId: string;
  name: string;
  chatId: string | null;
  email: string | null;
  categories: string[];
  active: boolean;
}

export interface ContactInput {
  name: string;
  categories: string[];
  email?: string | null;
  /** Undefined keeps the contact's chat as it is (a config file may leave it to `/setup contact add`). */
  chatId?: string | null;
}

/** What a save did: the contact as it now is, and whether it was made, changed or already so. */
export interface SavedContact {
  contact: ContactRecord;
  outcome: SaveOutcome;
}

export class ContactRepository {
  private readonly db: Db;
  private readonly direct: DirectSql;
  private readonly sql: SqlDialect;

  constructor(database: Database) {
    this.db = database.db;
    this.direct = database.direct;
    this.sql = dialectOf(database);
  }

  async list(communityId: string, client: Tx = this.db): Promise<ContactRecord[]> {
    const rows = await client.contact.findMany({ where: { communityId, active: true }, orderBy: { id: "asc" } });
    return rows.map(toContact);
  }

  /**
   * The active contacts a request can go to: those whose team chat the bot
   * can post in (not marked unreachable: removed, archived), and those with
   * no chat, oldest first. One plain statement, straight to the driver: every filed request reads it (issue 16).
   */
  async reachable(communityId: string): Promise<ContactRecord[]> {
    const { table, param } = this.sql;
    const rows = await this.direct.query<
      Omit<Parameters<typeof toContact>[0], "id" | "active"> & { id: number | bigint; active: unknown }
    >(
      `SELECT c."id", c."communityId", c."name", c."chatId", c."email", c."categories", c."active"
         FROM ${table("Contact")} c LEFT JOIN ${table("Chat")} chat ON chat."id" = c."chatId"
        WHERE c."communityId" = ${param(1)} AND c."active" = ${param(2)} AND chat."unreachableAt" IS NULL
        ORDER BY c."id"`,
      [communityId, true],
    );
    return rows.map((row) => toContact({ ...row, id: Number(row.id), active: flagOf(row.active) }));
  }

  async byId(id: number, client: Tx = this.db): Promise<ContactRecord | undefined> {
    const row = await client.contact.findUnique({ where: { id } });
    return row ? toContact(row) : undefined;
  }

  /** By name, ignoring case and accents; an active one first. */
  async byName(communityId: string, name: string, client: Tx = this.db): Promise<ContactRecord | undefined> {
    const rows = await client.contact.findMany({ where: { communityId }, orderBy: [{ id: "asc" }] });
    const wanted = fold(name);
    const matching = rows.filter((row) => fold(row.name) === wanted).map(toContact);
    return matching.find((c) => c.active) ?? matching[0];
  }

  /** Adds a contact, or updates the one of that name (bringing back a removed one). */
  /** `effects` (its audit entry, the event's completion) commit with the save. */
  async save(communityId: string, input: ContactInput, effects?: ChangeEffects<SavedContact>): Promise<SavedContact> {
    return this.db.$transaction(async (tx) => {
      const saved = await this.saveIn(tx, communityId, input);
      if (effects) await effects(tx, saved);
      return saved;
    });
  }

  private async saveIn(tx: Tx, communityId: string, input: ContactInput): Promise<SavedContact> {
    const existing = await this.byName(communityId, input.name, tx);
    const data = {
      name: input.name,
      categories: input.categories.join(","),
      email: input.email ?? null,
      active: true,
      ...(input.chatId !== undefined ? { chatId: input.chatId } : {}),
    };
    if (!existing) {
      const row = await tx.contact.create({ data: { communityId, chatId: null, ...data } });
      return { contact: toContact(row), outcome: "created" };
    }
    const same =
      existing.name === data.name &&
      existing.categories.join(",") === data.categories &&
      existing.email === data.email &&
      existing.active &&
      (input.chatId === undefined || existing.chatId === input.chatId);
    if (same) return { contact: existing, outcome: "unchanged" };
    const row = await tx.contact.update({ where: { id: existing.id }, data });
    return { contact: toContact(row), outcome: "updated" };
  }

  /** Retires the contact; `effects` commit with it. */
  async remove(id: number, effects?: ChangeEffects<number>): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.contact.update({ where: { id }, data: { active: false } });
      if (effects) await effects(tx, id);
    });
  }
}

function toContact(row: {
  id: number;
  communityId: string;
  name: string;
  chatId: string | null;
  email: string | null;
  categories: string;
  active: boolean;
}): ContactRecord {
  return {
    id: row.id,
    communityId: row.communityId,
    name: row.name,
    chatId: row.chatId,
    email: row.email,
    categories: row.categories.split(",").filter(Boolean),
    active: row.active,
  };
}
