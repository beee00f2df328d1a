// Small durable values an adapter keeps, such as Telegram's long-poll offset.
import type { Db } from "../database.js";

export class AdapterState {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.db.adapterState.findUnique({ where: { key } }))?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.adapterState.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
}
