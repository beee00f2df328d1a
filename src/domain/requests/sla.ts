// Response-time promises, as database-held jobs. A request filed in a
// category with an expected time gets two jobs:
//   at 1x the time  still unanswered? re-post the card to the contact, marked overdue
//   at 2x the time  still unanswered? send it to the community's admins
// The first answer (acknowledge, in progress, resolve, close …) cancels both.
// Each run raises ServiceRequest.overdueLevel under the request's row lock
// and, in the same transaction, writes its cards, the edits of the cards
// already there, their sync jobs, the audit entry and the job's completion:
// a crash before the commit leaves nothing (the job is retaken), a crash
// after it leaves the job done; a run repeated by hand posts nothing twice.
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { JobHandler, JobQueue, RunningJob } from "../../scheduler/job-queue.js";
import type { AnyTx } from "../../storage/prisma-sql-runner.js";
import type { Tx } from "../../storage/repositories/people.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { Store } from "../../storage/store.js";
import type { PostedCard, RequestMessenger } from "./messenger.js";
import type { RequestRepository } from "./request-repository.js";
import { adminChats } from "./routing.js";
import type { RequestRecord } from "./service-request-repository.js";

export const SLA_JOB = "request.sla";

export interface SlaPayload {
  requestId: number;
  level: 1 | 2;
}

export function slaKey(requestId: number, level: 1 | 2): string {
  return `request:${requestId}:sla:${level}`;
}

export interface SlaDeps {
  store: Store;
  repo: RequestRepository;
  messenger: RequestMessenger;
  jobs: Pick<JobQueue, "schedule" | "cancel">;
  clock: Clock;
  logger: Logger;
}

export class Sla {
  constructor(private readonly deps: SlaDeps) {}

  /** The promise's two steps, in the transaction that files the request (a crash leaves both, or neither). */
  async schedule(request: RequestRecord, expectMinutes: number | null, tx?: AnyTx): Promise<void> {
    if (expectMinutes === null) return;
    for (const level of [1, 2] as const) {
      const runAt = new Date(request.createdAt.getTime() + level * expectMinutes * 60_000);
      const payload: SlaPayload = { requestId: request.id, level };
      await this.deps.jobs.schedule(SLA_JOB, runAt, payload, { dedupeKey: slaKey(request.id, level), tx });
    }
  }

  /** The request was answered: its promise is kept (in the answer's transaction). */
  async cancel(requestId: number, tx?: Tx): Promise<void> {
    await this.deps.jobs.cancel(slaKey(requestId, 1), tx);
    await this.deps.jobs.cancel(slaKey(requestId, 2), tx);
  }

  /** One step of the promise; as a job, it completes in the transaction that writes its effects. */
  async run({ requestId, level }: SlaPayload, job?: Pick<RunningJob, "completeIn">): Promise<void> {
    const { repo, messenger, store } = this.deps;
    const done = await inTransaction(store.database, async (tx) => {
      const request = await repo.requests.lock(tx, requestId);
      if (request?.status !== "open" || request.acknowledgedAt !== null) return undefined;
      if (request.overdueLevel >= level) return undefined;
      const updated = await repo.requests.update(tx, request.id, { overdueLevel: level, updatedAt: request.updatedAt });
      const contact = await messenger.contactOf(updated, tx);
      const cards: PostedCard[] = [];
      if (level === 1) {
        // Re-posted where it is handled: the contact's chat, or the admins' when it went to them.
        if (contact?.chatId) cards.push(await messenger.postCard(tx, updated, contact.chatId, "contact"));
        else
          for (const chatId of await adminChats(tx, updated.communityId)) {
            cards.push(await messenger.postCard(tx, updated, chatId, "admins"));
          }
      } else if (contact) {
        for (const chatId of await adminChats(tx, updated.communityId)) {
          cards.push(await messenger.postCard(tx, updated, chatId, "admins"));
        }
      }
      await messenger.scheduleSyncs(cards, tx);
      // The cards already there show the overdue mark too.
      await messenger.refreshCards(updated, undefined, new Set(cards.map((p) => p.cardId)), tx);
      await store.audit.record(
        {
          communityId: updated.communityId,
          action: level === 1 ? "request.overdue" : "request.escalated",
          subject: updated.number,
          detail: { cards: cards.length },
        },
        tx,
      );
      await job?.completeIn(tx);
      return { number: updated.number, cards };
    });
    if (!done) return;
    messenger.wake();
    this.deps.logger.info({ request: done.number, level }, "request overdue");
  }
}

export function slaJob(sla: Sla): JobHandler<SlaPayload> {
  return { run: (payload, job) => sla.run(payload, job) };
}
