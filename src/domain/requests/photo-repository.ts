// Photos sent with requests: the platform's file reference and the random
// token of the link officials open (/media/<token>).
import { randomBytes } from "node:crypto";
import type { Database, Db } from "../../storage/database.js";
import type { RequestPhoto } from "../../storage/generated/sqlite/client.js";
import { type AnyTx, runnerOf } from "../../storage/prisma-sql-runner.js";
import { dialectOf, insertReturningId, type SqlDialect } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { PhotoInput } from "./photo-limits.js";

export type PhotoRecord = RequestPhoto;

/** 128 random bits, URL-safe: a link nobody can guess. */
export function newPhotoToken(): string {
  return randomBytes(16).toString("base64url");
}

export class PhotoRepository {
  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  /** Plain SQL: written in the filing's transaction, which may be the driver's (filing.ts). */
  async add(tx: AnyTx, requestId: number, photo: PhotoInput, createdAt: Date): Promise<PhotoRecord> {
    const row = {
      requestId,
      platform: photo.platform,
      fileRef: photo.fileRef,
      mimeType: photo.mimeType,
      size: photo.size,
      token: newPhotoToken(),
      keepLocation: photo.keepLocation,
      createdAt,
    };
    const [statement, values] = insertReturningId(this.sql, "RequestPhoto", row);
    const [inserted] = await runnerOf(tx).query<{ id: number | bigint }>(statement, values);
    if (!inserted) throw new Error("the request's photo was not written");
    return { id: Number(inserted.id), ...row };
  }

  async byToken(token: string): Promise<PhotoRecord | undefined> {
    return (await this.db.requestPhoto.findUnique({ where: { token } })) ?? undefined;
  }

  async ofRequest(requestId: number, client: Tx = this.db): Promise<PhotoRecord[]> {
    return client.requestPhoto.findMany({ where: { requestId }, orderBy: { id: "asc" } });
  }
}
