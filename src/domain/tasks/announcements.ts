// Telling people about changes to a task they signed up for: promoted from
// the wait-list, moved back to it, the task edited or cancelled. Each notice
// goes through the durable outbox (Notifier), in the reader's language, to
// the platform and chat they signed up from. An edit or a cancellation is one
// event for everyone: one message per group chat mentioning them all (or a
// direct message each where the bot can write to them). Queued inside the
// change's own transaction, so the change and its notices commit together: a
// crash after the commit cannot lose them, and a failure to queue one rolls
// the change back. The caller wakes the outbox after the commit (wake).
import type { MessageBuilder, NoticeWriter, Notifier, PersonTarget } from "../notifications/notifier.js";
import type { TaskChange } from "./changes.js";
import { cancelledNotice, changedNotice, demotedNotice, promotedNotice } from "./notices.js";
import type { Joiner, Moved } from "./signups.js";
import type { TaskRecord } from "./task-repository.js";

export class Announcer {
  constructor(private readonly notifier: Pick<Notifier, "toPerson" | "toPeople" | "wake">) {}

  /** Each person promoted or moved back to the wait-list hears where they stand. */
  async moved(tx: NoticeWriter, task: TaskRecord, moved: Moved[]): Promise<void> {
    if (moved.length === 0) return;
    const timezone = await timezoneOf(tx, task);
    for (const person of moved) {
      const build =
        person.to === "confirmed"
          ? promotedNotice(task, timezone)
          : demotedNotice(task, timezone, person.position ?? 1);
      await this.notifier.toPerson(
        targetOf(person),
        build,
        person.to === "confirmed" ? "task.promoted" : "task.demoted",
        tx,
      );
    }
  }

  /** Everyone signed up hears what changed, and those whose place changed with it, where they stand now. */
  async changed(
    tx: NoticeWriter,
    task: TaskRecord,
    changes: TaskChange[],
    audience: Joiner[],
    moved: Moved[],
    actorId: string,
  ): Promise<void> {
    const timezone = await timezoneOf(tx, task);
    const movedBy = new Map(moved.map((m) => [m.personId, m]));
    // Whose place changed hears it on their own; everyone else shares one notice.
    const others: Joiner[] = [];
    for (const person of audience) {
      const movedTo = movedBy.get(person.personId);
      if (movedTo)
        await this.notifier.toPerson(
          targetOf(person),
          changedNotice(task, changes, timezone, movedTo),
          "task.changed",
          tx,
        );
      else if (person.personId !== actorId) others.push(person);
    }
    await this.sendAll(tx, others, changedNotice(task, changes, timezone, undefined), "task.changed");
  }

  async cancelled(tx: NoticeWriter, task: TaskRecord, audience: Joiner[], actorId: string): Promise<void> {
    const others = audience.filter((person) => person.personId !== actorId);
    if (others.length === 0) return;
    await this.sendAll(tx, others, cancelledNotice(task, await timezoneOf(tx, task)), "task.cancelled");
  }

  /** After the transaction that queued notices has committed: the outbox sends them now. */
  wake(): void {
    this.notifier.wake();
  }

  private async sendAll(tx: NoticeWriter, people: Joiner[], build: MessageBuilder, purpose: string): Promise<void> {
    if (people.length === 0) return;
    await this.notifier.toPeople(people.map(targetOf), build, purpose, tx);
  }
}

/** Read through the transaction, so that it never waits on the pool for a second connection. */
async function timezoneOf(tx: NoticeWriter, task: TaskRecord): Promise<string> {
  const community = await tx.community.findUnique({ where: { id: task.communityId }, select: { timezone: true } });
  return community?.timezone ?? "UTC";
}

function targetOf(person: Joiner): PersonTarget {
  return { personId: person.personId, identityId: person.identityId, fallbackChatId: person.chatId };
}
