// Guided flows in progress, one per person per chat. Kept in the database so
// a restart mid-flow loses nothing; an expired flow reads as no flow.
import type { FlowQuestion, GuidedFlowRecord, GuidedFlows } from "../../core/ports.js";
import type { Db } from "../database.js";

/** The client, or a transaction's: a flow's state commits with what its event did. */
export type GuidedFlowWriter = Pick<Db, "guidedFlow">;

export class StoredGuidedFlows implements GuidedFlows {
  constructor(private readonly db: Db) {}

  async save(flow: GuidedFlowRecord, db: GuidedFlowWriter = this.db): Promise<void> {
    const data = {
      identityId: flow.identityId,
      flow: flow.flow,
      step: flow.step,
      answers: JSON.stringify(flow.answers),
      questionMessageId: flow.question ? encodeQuestion(flow.question) : null,
      expiresAt: flow.expiresAt,
    };
    await db.guidedFlow.upsert({
      where: { chatId_personId: { chatId: flow.chatId, personId: flow.personId } },
      create: { chatId: flow.chatId, personId: flow.personId, ...data },
      update: data,
    });
  }

  async current(chatId: string, personId: string, now: Date): Promise<GuidedFlowRecord | undefined> {
    const row = await this.db.guidedFlow.findUnique({ where: { chatId_personId: { chatId, personId } } });
    if (!row || row.expiresAt <= now) return undefined;
    return {
      chatId: row.chatId,
      personId: row.personId,
      identityId: row.identityId,
      flow: row.flow,
      step: row.step,
      answers: JSON.parse(row.answers) as Record<string, string>,
      ...(row.questionMessageId ? { question: decodeQuestion(row.questionMessageId) } : {}),
      expiresAt: row.expiresAt,
    };
  }

  /**
   * Records where the flow's question landed, if the flow still asks the
   * question `was` names (a newer question or another flow is left alone).
   */
  async placeQuestion(
    chatId: string,
    personId: string,
    was: FlowQuestion,
    now: FlowQuestion,
    db: GuidedFlowWriter = this.db,
  ): Promise<void> {
    await db.guidedFlow.updateMany({
      where: { chatId, personId, questionMessageId: encodeQuestion(was) },
      data: { questionMessageId: encodeQuestion(now) },
    });
  }

  async end(chatId: string, personId: string, db: GuidedFlowWriter = this.db): Promise<boolean> {
    const ended = await db.guidedFlow.deleteMany({ where: { chatId, personId } });
    return ended.count > 0;
  }

  /** Removes flows that ran out of time and returns them, for their expiry note. */
  async takeExpired(
    now: Date,
    db: GuidedFlowWriter = this.db,
  ): Promise<{ chatId: string; personId: string; identityId: string }[]> {
    const expired = await db.guidedFlow.findMany({
      where: { expiresAt: { lte: now } },
      select: { id: true, chatId: true, personId: true, identityId: true },
    });
    if (expired.length === 0) return [];
    // Only rows still expired are taken: an answer that just renewed one keeps it.
    const taken: typeof expired = [];
    for (const row of expired) {
      const removed = await db.guidedFlow.deleteMany({ where: { id: row.id, expiresAt: { lte: now } } });
      if (removed.count === 1) taken.push(row);
    }
    return taken.map(({ chatId, personId, identityId }) => ({ chatId, personId, identityId }));
  }
}

/**
 * The questionMessageId column holds the platform's message ids, comma
 * separated (no platform's ids have commas), or, until the outbox has posted
 * the question, "outbox:<row id>".
 */
const OUTBOX_PREFIX = "outbox:";

function encodeQuestion(question: FlowQuestion): string {
  return "outboxId" in question ? `${OUTBOX_PREFIX}${question.outboxId}` : question.messageIds.join(",");
}

function decodeQuestion(stored: string): FlowQuestion {
  const outboxId = stored.startsWith(OUTBOX_PREFIX) ? Number(stored.slice(OUTBOX_PREFIX.length)) : Number.NaN;
  return Number.isSafeInteger(outboxId) ? { outboxId } : { messageIds: stored.split(",") };
}
