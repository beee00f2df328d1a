// Telling people about changes to a task they signed up for: promoted from
// the wait-list, moved back to it, the task edited or cancelled. Each notice
// goes through the durable outbox (Notifier), in the reader's language, to
// the platform and chat they signed up from. An edit or a cancellation is one
// event for everyone: one message per group chat mentioning them all (or a
// direct message each where the bot can write to them). Sent after the change
// commits; a failure to queue one is logged and does not undo the change.
import type { Logger } from "../../core/logger.js";
import type { Store } from "../../storage/store.js";
import type { MessageBuilder, Notifier, PersonTarget } from "../notifications/notifier.js";
import type { TaskChange } from "./changes.js";
import { cancelledNotice, changedNotice, demotedNotice, promotedNotice } from "./notices.js";
import type { Joiner, Moved } from "./signups.js";
import type { TaskRecord } from "./task-repository.js";

export class Announcer {
  constructor(
    private readonly notifier: Pick<Notifier, "toPerson" | "toPeople">,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** Each person promoted or moved back to the wait-list hears where they stand. */
  async moved(task: TaskRecord, moved: Moved[]): Promise<void> {
    const timezone = await this.timezoneOf(task);
    for (const person of moved) {
      const build =
        person.to === "confirmed"
          ? promotedNotice(task, timezone)
          : demotedNotice(task, timezone, person.position ?? 1);
      await this.send(person, build, person.to === "confirmed" ? "task.promoted" : "task.demoted", task.id);
    }
  }

  /** Everyone signed up hears what changed, and those whose place changed with it, where they stand now. */
  async changed(
    task: TaskRecord,
    changes: TaskChange[],
    audience: Joiner[],
    moved: Moved[],
    actorId: string,
  ): Promise<void> {
    const timezone = await this.timezoneOf(task);
    const movedBy = new Map(moved.map((m) => [m.personId, m]));
    // Whose place changed hears it on their own; everyone else shares one notice.
    const others: Joiner[] = [];
    for (const person of audience) {
      const movedTo = movedBy.get(person.personId);
      if (movedTo) await this.send(person, changedNotice(task, changes, timezone, movedTo), "task.changed", task.id);
      else if (person.personId !== actorId) others.push(person);
    }
    await this.sendAll(others, changedNotice(task, changes, timezone, undefined), "task.changed", task.id);
  }

  async cancelled(task: TaskRecord, audience: Joiner[], actorId: string): Promise<void> {
    const timezone = await this.timezoneOf(task);
    const others = audience.filter((person) => person.personId !== actorId);
    await this.sendAll(others, cancelledNotice(task, timezone), "task.cancelled", task.id);
  }

  private async sendAll(people: Joiner[], build: MessageBuilder, purpose: string, taskId: number): Promise<void> {
    if (people.length === 0) return;
    try {
      await this.notifier.toPeople(people.map(targetOf), build, purpose);
    } catch (error) {
      this.logger.error({ err: error, taskId, people: people.length, purpose }, "could not queue a task notice");
    }
  }

  private async send(person: Joiner, build: MessageBuilder, purpose: string, taskId: number): Promise<void> {
    try {
      await this.notifier.toPerson(targetOf(person), build, purpose);
    } catch (error) {
      this.logger.error({ err: error, taskId, personId: person.personId, purpose }, "could not queue a task notice");
    }
  }

  private async timezoneOf(task: TaskRecord): Promise<string> {
    return (await this.store.communities.find(task.communityId))?.timezone ?? "UTC";
  }
}

function targetOf(person: Joiner): PersonTarget {
  return { personId: person.personId, identityId: person.identityId, fallbackChatId: person.chatId };
}
