// `/request +1`: neighbours back a request. Each person counts once. When
// the count reaches the community's threshold (default 5) on a request that
// has gone without a change for longer than its category's expected time (a
// week when it has none), its contact is reminded, once until the request
// changes again.
import type { Clock } from "../../core/clock.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { Store } from "../../storage/store.js";
import type { ChangeEffects } from "../change-effects.js";
import type { RequestMessenger } from "./messenger.js";
import { supportReminder } from "./notices.js";
import type { RequestRepository } from "./request-repository.js";
import type { RequestRecord } from "./service-request-repository.js";
import { type RequestSettings, staleAfterMs } from "./settings.js";

export type SupportResult =
  | { kind: "supported"; count: number; reminded: boolean }
  | { kind: "refused"; reason: "own" | "already" | "notOpen" };

export interface SupportDeps {
  store: Store;
  repo: RequestRepository;
  messenger: RequestMessenger;
  settings: RequestSettings;
  clock: Clock;
}

export class Support {
  constructor(private readonly deps: SupportDeps) {}

  /**
   * Counts the person's +1. The count, its audit entry and `effects` (the
   * event's completion) commit together; the reminder it may trigger is a
   * second step (a crash in between loses that reminder, which the next +1
   * gives again).
   */
  async add(personId: string, request: RequestRecord, effects?: ChangeEffects<number>): Promise<SupportResult> {
    const { repo, store } = this.deps;
    if (request.residentPersonId === personId) return { kind: "refused", reason: "own" };
    if (request.status !== "open") return { kind: "refused", reason: "notOpen" };
    const now = this.deps.clock.now();
    const count = await inTransaction(store.database, async (tx) => {
      const counted = await repo.supporters.add(tx, request.id, personId, now);
      if (counted !== undefined) {
        await repo.updates.add(tx, {
          requestId: request.id,
          actorPersonId: personId,
          kind: "support",
          public: false,
          createdAt: now,
        });
        await store.audit.record(
          {
            communityId: request.communityId,
            actorPersonId: personId,
            action: "request.support",
            subject: request.number,
            detail: { count: counted },
          },
          tx,
        );
        if (effects) await effects(tx, counted);
      }
      return counted;
    });
    if (count === undefined) return { kind: "refused", reason: "already" };
    const reminded =
      count >= this.deps.settings.supportThreshold(request.communityId) && (await this.remind(request.id, count));
    // The officials' cards show the support count.
    const fresh = await repo.requests.find(request.id);
    if (fresh) await this.deps.messenger.refreshCards(fresh);
    return { kind: "supported", count, reminded };
  }

  /** Reminds the contact if the request is stale and was not reminded since its last change; true if it did. */
  private async remind(requestId: number, count: number): Promise<boolean> {
    const { repo, messenger, store } = this.deps;
    const now = this.deps.clock.now();
    const reminded = await inTransaction(store.database, async (tx) => {
      // Under the row lock, so two +1s at once remind once.
      const request = await repo.requests.lock(tx, requestId);
      if (request?.status !== "open") return undefined;
      const category = await repo.categories.byId(request.categoryId, tx);
      const lastChange = await repo.updates.lastStatusChangeAt(request, tx);
      const quietMs = now.getTime() - lastChange.getTime();
      if (quietMs < staleAfterMs(category?.expectMinutes ?? null)) return undefined;
      if (await repo.updates.remindedSince(request.id, lastChange, tx)) return undefined;
      await repo.updates.add(tx, {
        requestId: request.id,
        actorPersonId: null,
        kind: "support",
        text: "reminder",
        public: false,
        createdAt: now,
      });
      const snapshot = { number: request.number, categoryName: category?.name ?? "" };
      await messenger.toContact(
        tx,
        request,
        supportReminder(snapshot, count, roughMinutes(quietMs)),
        "request.reminder",
      );
      return request;
    });
    if (!reminded) return false;
    messenger.wake();
    await store.audit.record({
      communityId: reminded.communityId,
      action: "request.remind",
      subject: reminded.number,
      detail: { count },
    });
    return true;
  }
}

/** Whole days, or whole hours under two days: "quiet for 3 days", not "for 4327 minutes". */
function roughMinutes(ms: number): number {
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 2 * 1440) return Math.floor(minutes / 1440) * 1440;
  return Math.max(60, Math.floor(minutes / 60) * 60);
}
