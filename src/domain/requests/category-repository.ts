// A community's service categories: what residents may file a request
// about. Removed ones stay, marked inactive: old requests still point at them.
import type { Database, Db } from "../../storage/database.js";
import { type DirectSql, flagOf } from "../../storage/direct-sql.js";
import { dialectOf, type SqlDialect } from "../../storage/raw-sql.js";
import { isUniqueViolation } from "../../storage/repositories/errors.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { ChangeEffects } from "../change-effects.js";
import type { SaveOutcome } from "./save-outcome.js";
import { readFields, type ServiceField } from "./service-fields.js";

export interface CategoryRecord {
  id: number;
  communityId: string;
  code: string;
  name: string;
  keywords: string[];
  description: string | null;
  expectMinutes: number | null;
  fields: ServiceField[];
  active: boolean;
}

export interface CategoryInput {
  code: string;
  name: string;
  keywords?: string[];
  description?: string | null;
  expectMinutes?: number | null;
  fields?: ServiceField[];
}

/** What a save did: the category as it now is, and whether it was made, changed or already so. */
export interface SavedCategory {
  category: CategoryRecord;
  outcome: SaveOutcome;
}

export class CategoryRepository {
  private readonly db: Db;
  private readonly sql: SqlDialect;

  private readonly direct: DirectSql;

  constructor(database: Database) {
    this.db = database.db;
    this.direct = database.direct;
    this.sql = dialectOf(database);
  }

  /** By code. Plain SQL: every /request reads the list (issue 16). */
  async list(communityId: string, options: { includeInactive?: boolean } = {}): Promise<CategoryRecord[]> {
    const { table, param } = this.sql;
    // Straight to the driver (issue 16).
    const rows = await this.direct.query<
      Omit<Parameters<typeof toCategory>[0], "id" | "expectMinutes" | "active"> & {
        id: number | bigint;
        expectMinutes: number | bigint | null;
        active: boolean | number;
      }
    >(
      `SELECT "id", "communityId", "code", "name", "keywords", "description", "expectMinutes", "fields", "active"
         FROM ${table("ServiceCategory")}
        WHERE "communityId" = ${param(1)}${options.includeInactive ? "" : ` AND "active" = ${param(2)}`}
        ORDER BY "code"`,
      [communityId, ...(options.includeInactive ? [] : [true])],
    );
    return rows.map((row) =>
      toCategory({
        ...row,
        id: Number(row.id),
        expectMinutes: row.expectMinutes === null ? null : Number(row.expectMinutes),
        active: flagOf(row.active),
      }),
    );
  }

  async byCode(communityId: string, code: string): Promise<CategoryRecord | undefined> {
    const row = await this.db.serviceCategory.findUnique({ where: { communityId_code: { communityId, code } } });
    return row ? toCategory(row) : undefined;
  }

  /** When a community's categories (or, without one, any community's) last changed: Open311's changeset. */
  async lastChange(communityId?: string): Promise<Date | undefined> {
    const row = await this.db.serviceCategory.findFirst({
      where: communityId ? { communityId } : {},
      orderBy: { updatedAt: "desc" },
      select: { updatedAt: true },
    });
    return row?.updatedAt;
  }

  async byId(id: number, client: Tx = this.db): Promise<CategoryRecord | undefined> {
    const row = await client.serviceCategory.findUnique({ where: { id } });
    return row ? toCategory(row) : undefined;
  }

  /** Adds a category, or brings an existing one (even a removed one) to `input`. */
  /** Creates or updates the category; `effects` (its audit entry, the event's completion) commit with it. */
  async save(
    communityId: string,
    input: CategoryInput,
    effects?: ChangeEffects<SavedCategory>,
  ): Promise<SavedCategory> {
    try {
      return await this.db.$transaction(async (tx) => {
        const saved = await this.saveIn(tx, communityId, input);
        if (effects) await effects(tx, saved);
        return saved;
      });
    } catch (error) {
      // Two admins (or a config reload and an admin) at once: the other one created it; update it instead.
      if (!isUniqueViolation(error)) throw error;
      return this.save(communityId, input, effects);
    }
  }

  private async saveIn(tx: Tx, communityId: string, input: CategoryInput): Promise<SavedCategory> {
    const data = {
      name: input.name,
      keywords: (input.keywords ?? []).join(","),
      description: input.description ?? null,
      expectMinutes: input.expectMinutes ?? null,
      fields: JSON.stringify(input.fields ?? []),
      active: true,
    };
    const existing = await tx.serviceCategory.findUnique({
      where: { communityId_code: { communityId, code: input.code } },
    });
    if (!existing) {
      const row = await tx.serviceCategory.create({ data: { communityId, code: input.code, ...data } });
      return { category: toCategory(row), outcome: "created" };
    }
    const same = (Object.keys(data) as Array<keyof typeof data>).every((key) => existing[key] === data[key]);
    if (same) return { category: toCategory(existing), outcome: "unchanged" };
    const row = await tx.serviceCategory.update({ where: { id: existing.id }, data });
    return { category: toCategory(row), outcome: "updated" };
  }

  /** Removed categories stay in the database: old requests still point at them. */
  /** Retires the category (false when there is none); `effects` commit with it. */
  async remove(communityId: string, code: string, effects?: ChangeEffects<string>): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.serviceCategory.updateMany({
        where: { communityId, code, active: true },
        data: { active: false },
      });
      if (count > 0 && effects) await effects(tx, code);
      return count > 0;
    });
  }
}

function toCategory(row: {
  id: number;
  communityId: string;
  code: string;
  name: string;
  keywords: string;
  description: string | null;
  expectMinutes: number | null;
  fields: string;
  active: boolean;
}): CategoryRecord {
  return {
    id: row.id,
    communityId: row.communityId,
    code: row.code,
    name: row.name,
    keywords: row.keywords.split(",").filter(Boolean),
    description: row.description,
    expectMinutes: row.expectMinutes,
    fields: readFields(row.fields),
    active: row.active,
  };
}
