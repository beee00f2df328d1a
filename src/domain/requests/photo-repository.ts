// Photos sent with requests: the platform's file reference and the random
// token of the link officials open (/media/<token>).
import { randomBytes } from "node:crypto";
import type { Db } from "../../storage/database.js";
import type { RequestPhoto } from "../../storage/generated/sqlite/client.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { PhotoInput } from "./photo-limits.js";

export type PhotoRecord = RequestPhoto;

/** 128 random bits, URL-safe: a link nobody can guess. */
export function newPhotoToken(): string {
  return randomBytes(16).toString("base64url");
}

export class PhotoRepository {
  constructor(private readonly db: Db) {}

  async add(tx: Tx, requestId: number, photo: PhotoInput, createdAt: Date): Promise<PhotoRecord> {
    return tx.requestPhoto.create({ data: { requestId, ...photo, token: newPhotoToken(), createdAt } });
  }

  async byToken(token: string): Promise<PhotoRecord | undefined> {
    return (await this.db.requestPhoto.findUnique({ where: { token } })) ?? undefined;
  }

  async ofRequest(requestId: number, client: Tx = this.db): Promise<PhotoRecord[]> {
    return client.requestPhoto.findMany({ where: { requestId }, orderBy: { id: "asc" } });
  }
}
