// Every change to a filed request: the officials' answers (acknowledge, in
// progress, schedule, resolve, close, reply, reassign), the resident's
// reopen, and the volunteers' (taking it on as a task, fixing it).
//
// One transaction per change, holding the request's row lock: the state
// machine decides, then the request row, its RequestUpdate (who, when,
// from → to, public text), the notices to the resident and followers, and
// any card for a new contact are written together, with an audit entry and
// the caller's effects (the event's completion). After the commit: the SLA
// jobs stop at the first answer, and every card in the officials' chats is
// edited to the new state.
import type { Clock } from "../../core/clock.js";
import type { MessageRef } from "../../core/events.js";
import type { Logger } from "../../core/logger.js";
import type { Tx } from "../../storage/repositories/people.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { Store } from "../../storage/store.js";
import type { ChangeEffects } from "../change-effects.js";
import type { ContactRecord } from "./contact-repository.js";
import type { PostedCard, RequestMessenger } from "./messenger.js";
import { changeNotice, notOursNotice, reopenedNotice } from "./notices.js";
import { mayHandle, mayReopen } from "./permissions.js";
import type { RequestRepository } from "./request-repository.js";
import type { RequestRecord } from "./service-request-repository.js";
import type { Sla } from "./sla.js";
import { type Refusal, type RequestAction, stateOf, type Transition, transition } from "./status-machine.js";
import type { UpdateKind, UpdateRecord } from "./update-repository.js";

export type Change =
  /** A state change by an official, or the resident's reopen. */
  | { kind: "status"; action: Exclude<RequestAction, { kind: "reassign" }> }
  /** A public reply to the resident. */
  | { kind: "comment" }
  /** Move it to another contact (a note goes with it as the text). */
  | { kind: "reassign"; contact: ContactRecord }
  /** Volunteers took it on as a task (in progress, if it can be). */
  | { kind: "task"; taskId: number }
  /** The volunteers' task is done: fixed "by volunteers". */
  | { kind: "volunteers" };

export interface Actor {
  /** Null for the bot itself. */
  personId: string | null;
  /** Where they acted from; officials must act from their contact's chat. */
  chatId: string | null;
  /** A change the volunteers' work makes (a task taken on or done): the person is recorded, not checked. */
  volunteers?: boolean;
}

/** A change as apply takes it, for applyIn. */
export interface AskedChange {
  actor: Actor;
  requestId: number;
  change: Change;
  text?: string;
  except?: MessageRef;
  effects?: ChangeEffects<RequestRecord>;
}

export type Applied =
  | { kind: "changed"; request: RequestRecord; update: UpdateRecord }
  | { kind: "refused"; refusal: Refusal | "sameContact" }
  | { kind: "forbidden" }
  | { kind: "missing" };

export interface HandlingDeps {
  store: Store;
  repo: RequestRepository;
  messenger: RequestMessenger;
  sla: Sla;
  clock: Clock;
  logger: Logger;
}

export class RequestHandling {
  constructor(private readonly deps: HandlingDeps) {}

  /** Whether this person, acting from this chat, may answer the request (see permissions.ts). */
  async mayHandle(request: RequestRecord, actor: Actor): Promise<boolean> {
    if (actor.personId === null) return true;
    const [role, contact] = await Promise.all([
      this.deps.store.communities.roleOf(request.communityId, actor.personId),
      this.deps.messenger.contactOf(request),
    ]);
    const contactChatId = contact?.active && contact.chatId ? contact.chatId : undefined;
    return mayHandle({ role, actingChatId: actor.chatId ?? "", contactChatId });
  }

  /**
   * Applies a change; `text` is the public words that go with it. `except`
   * is the card whose button was pressed (the caller replaces it in place).
   */
  async apply(
    actor: Actor,
    requestId: number,
    change: Change,
    text?: string,
    except?: MessageRef,
    effects?: ChangeEffects<RequestRecord>,
  ): Promise<Applied> {
    const { repo, messenger, store } = this.deps;
    const before = await repo.requests.find(requestId);
    if (!before) return { kind: "missing" };
    if (!(await this.allowed(before, actor, change))) return { kind: "forbidden" };

    const outcome = await inTransaction(store.database, (tx) =>
      this.applyIn(tx, { actor, requestId, change, text, except, effects }),
    );
    if (outcome.kind !== "changed") return outcome;

    messenger.wake();
    return outcome;
  }

  /**
   * As apply, in the caller's transaction (a change that commits with more,
   * as /request task with its shift), for an actor the caller has let act.
   * The caller wakes the messenger (wake) after the commit.
   */
  async applyIn(tx: Tx, asked: AskedChange): Promise<Applied> {
    const { actor, requestId, change, text, except, effects } = asked;
    const { repo, messenger, store } = this.deps;
    const now = this.deps.clock.now();
    const current = await repo.requests.lock(tx, requestId);
    if (!current) return { kind: "missing" } as const;
    const step = decide(current, change, now);
    if (!step.ok) return { kind: "refused", refusal: step.refusal } as const;

    const answers = step.answers && current.acknowledgedAt === null;
    const request = await repo.requests.update(tx, current.id, {
      status: step.status,
      subStatus: step.subStatus,
      updatedAt: now,
      ...(answers ? { acknowledgedAt: now } : {}),
      ...(step.status === "fixed" && current.status !== "fixed" ? { fixedAt: now } : {}),
      ...(step.status === "closed" && current.status !== "closed" ? { closedAt: now } : {}),
      ...(step.status === "open" && current.status !== "open" ? { fixedAt: null, closedAt: null } : {}),
      ...(change.kind === "reassign" ? { contactId: change.contact.id } : {}),
      ...(change.kind === "task" ? { taskId: change.taskId } : {}),
    });
    const update = await repo.updates.add(tx, {
      requestId: current.id,
      actorPersonId: actor.personId,
      kind: updateKind(change),
      fromStatus: current.status,
      toStatus: request.status,
      fromSubStatus: current.subStatus,
      toSubStatus: request.subStatus,
      text: publicText(change, text),
      createdAt: now,
    });

    const view = await messenger.view(request, tx);
    const snapshot = { number: request.number, categoryName: view.category.name };
    const contactName = view.contactName ?? "";
    const notice = changeNotice(snapshot, update, contactName);
    await messenger.toResident(tx, request, notice, "request.update");
    await messenger.toFollowers(tx, request, notice, "request.update");

    const posted: PostedCard[] = [];
    if (change.kind === "reassign")
      posted.push(await messenger.postCard(tx, request, change.contact.chatId!, "contact"));
    if (change.kind === "status" && change.action.kind === "reopen") {
      await messenger.toContact(tx, request, reopenedNotice(snapshot, text ?? ""), "request.reopened");
    }
    if (change.kind === "status" && change.action.kind === "close" && change.action.reason === "not_responsible") {
      await messenger.toAdmins(tx, request.communityId, notOursNotice(snapshot, contactName), "request.notOurs");
    }
    await store.audit.record(
      {
        communityId: request.communityId,
        actorPersonId: actor.personId ?? undefined,
        action: `request.${update.kind}`,
        subject: request.number,
        before: [update.fromStatus, update.fromSubStatus].filter(Boolean).join("/"),
        after: [update.toStatus, update.toSubStatus].filter(Boolean).join("/"),
        detail: {
          ...(change.kind === "reassign" ? { contact: change.contact.id } : {}),
          ...(change.kind === "task" ? { task: change.taskId } : {}),
        },
      },
      tx,
    );
    await messenger.scheduleSyncs(posted, tx);
    // The edits of the request's other cards (or their sync jobs) are queued with the change.
    await messenger.refreshCards(request, except, new Set(posted.map((p) => p.cardId)), tx);
    if (answers) await this.deps.sla.cancel(request.id, tx);
    if (effects) await effects(tx, request);
    return { kind: "changed", request, update } as const;
  }

  /** After a commit of applyIn: send the notices and card edits it queued. */
  wake(): void {
    this.deps.messenger.wake();
  }

  private async allowed(request: RequestRecord, actor: Actor, change: Change): Promise<boolean> {
    if (actor.personId === null || actor.volunteers) return true;
    if (change.kind === "status" && change.action.kind === "reopen") {
      const role = await this.deps.store.communities.roleOf(request.communityId, actor.personId);
      return mayReopen({ personId: actor.personId, residentPersonId: request.residentPersonId, role });
    }
    return this.mayHandle(request, actor);
  }
}

type Step = Transition | { ok: false; refusal: "sameContact" };

/** The state after a change, or why not. Comments change nothing; a task moves it to in progress where it can. */
function decide(current: RequestRecord, change: Change, now: Date): Step {
  const state = stateOf(current);
  const unchanged: Transition = { ok: true, status: state.status, subStatus: state.subStatus, answers: false };
  switch (change.kind) {
    case "status":
      return transition(state, change.action, now);
    case "comment":
      // A reply is an answer too: the resident heard from the officials.
      return { ...unchanged, answers: state.status === "open" && state.subStatus === null };
    case "reassign":
      if (change.contact.id === current.contactId) return { ok: false, refusal: "sameContact" };
      return transition(state, { kind: "reassign" }, now);
    case "task": {
      const step = transition(state, { kind: "progress" }, now);
      if (step.ok) return step;
      return step.refusal === "already" ? unchanged : step;
    }
    case "volunteers":
      return transition(state, { kind: "resolve" }, now);
  }
}

function updateKind(change: Change): UpdateKind {
  return change.kind;
}

function publicText(change: Change, text: string | undefined): string | null {
  if (change.kind === "task") return `#${change.taskId}`;
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}
