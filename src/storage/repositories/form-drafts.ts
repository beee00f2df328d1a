// What a person typed into a refused native form (a Discord modal), one per
// identity, chat and form, so "Fix it" can open the form again prefilled. An
// expired draft reads as none; retention deletes expired ones.
import type { Db } from "../database.js";

export interface FormDraftRecord {
  identityId: string;
  chatId: string;
  flow: string;
  answers: Record<string, string>;
  expiresAt: Date;
}

export class StoredFormDrafts {
  constructor(private readonly db: Db) {}

  /** Keeps the answers, replacing the same form's earlier draft. */
  async keep(draft: FormDraftRecord): Promise<void> {
    const { identityId, chatId, flow } = draft;
    const data = { answers: JSON.stringify(draft.answers), expiresAt: draft.expiresAt };
    await this.db.formDraft.upsert({
      where: { identityId_chatId_flow: { identityId, chatId, flow } },
      create: { identityId, chatId, flow, ...data },
      update: data,
    });
  }

  async find(identityId: string, chatId: string, flow: string, now: Date): Promise<FormDraftRecord | undefined> {
    const row = await this.db.formDraft.findUnique({
      where: { identityId_chatId_flow: { identityId, chatId, flow } },
    });
    if (!row || row.expiresAt <= now) return undefined;
    return {
      identityId: row.identityId,
      chatId: row.chatId,
      flow: row.flow,
      answers: JSON.parse(row.answers) as Record<string, string>,
      expiresAt: row.expiresAt,
    };
  }

  /** Deletes drafts that expired before `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    return (await this.db.formDraft.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }
}
