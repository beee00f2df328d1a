// Tasks, their sign-ups and where their cards are posted. Reads that must be
// consistent with a change take the transaction client (`client`).
import { randomBytes } from "node:crypto";
import type { MessageRef } from "../../core/events.js";
import type { Db } from "../../storage/database.js";
import type { Community, Signup, Task } from "../../storage/generated/sqlite/client.js";
import { isUniqueViolation } from "../../storage/repositories/errors.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { NoShow } from "./hours-totals.js";
import { nextOccurrenceKey } from "./occurrences.js";
import type { RoleDraft, TaskRoleRecord } from "./roles.js";
import { type ActiveStatus, inLineOrder } from "./waitlist.js";

export type TaskStatus = "open" | "cancelled" | "done";
export type TaskRecord = Task;
export type SignupRecord = Signup;

export const ACTIVE: ActiveStatus[] = ["confirmed", "waitlisted"];

/** Changes that calendars must show: time, place and status. */
const RESCHEDULING = ["startsAt", "endsAt", "place", "status"] as const;

export interface NewTask {
  communityId: string;
  title: string;
  note?: string;
  place?: string;
  startsAt: Date;
  endsAt?: Date;
  capacity: number;
  cutoffAt?: Date;
  recurrence?: string;
  seriesId?: number;
  /** The resident's request this shift answers (volunteers took it on). */
  requestId?: number;
  /** Roles with their own slots; `capacity` is then their sum. */
  roles?: RoleDraft[];
  originChatId: string;
  createdByPersonId: string;
}

/** A sign-up with the person's name, for cards and notices. */
export interface Volunteer {
  signupId: number;
  personId: string;
  displayName: string;
  identityId: string;
  chatId: string;
  status: ActiveStatus | "maybe";
  /** The role's id on a shift with roles. */
  roleId: number | null;
  queuedAt: Date;
  /** Their word to the coordinators; never shown on the public card. */
  note: string | null;
  /** Whether they came, once a coordinator marked it. */
  attended: boolean | null;
}

export interface TaskView {
  task: TaskRecord;
  /** In line order. */
  confirmed: Volunteer[];
  /** In line order: index + 1 is the wait-list position. */
  waitlisted: Volunteer[];
  /** Said maybe: shown apart, holding no place. */
  maybe: Volunteer[];
  /** The shift's roles in their order; empty for a shift without roles. */
  roles: TaskRoleRecord[];
}

export interface TaskListItem {
  task: TaskRecord;
  confirmed: number;
  waitlisted: number;
  /** The asking person's status on it, if signed up. */
  mine: ActiveStatus | undefined;
}

export interface TaskQuery {
  communityId: string;
  from?: Date;
  to?: Date;
  statuses?: TaskStatus[];
  /** Only tasks this person is signed up for (in or wait-listed; with `maybe`, a maybe instead). */
  personId?: string;
  maybe?: boolean;
  /** Newest first (past shifts); else soonest first. */
  newestFirst?: boolean;
  limit: number;
}

export interface TaskPostRecord {
  id: number;
  chatId: string;
  /** Where the card is; unknown while its outbox row (outboxId) has not gone yet. */
  ref: MessageRef | undefined;
  outboxId: number | null;
}

export class TaskRepository {
  constructor(private readonly db: Db) {}

  async create(data: NewTask, client: Tx = this.db): Promise<TaskRecord> {
    return client.task.create({
      data: {
        communityId: data.communityId,
        title: data.title,
        note: data.note ?? null,
        place: data.place ?? null,
        startsAt: data.startsAt,
        endsAt: data.endsAt ?? null,
        capacity: data.capacity,
        cutoffAt: data.cutoffAt ?? null,
        recurrence: data.recurrence ?? null,
        seriesId: data.seriesId ?? null,
        requestId: data.requestId ?? null,
        originChatId: data.originChatId,
        createdByPersonId: data.createdByPersonId,
        ...(data.roles?.length
          ? { roles: { create: data.roles.map((role, position) => ({ ...role, position })) } }
          : {}),
      },
    });
  }

  /** A shift's roles in their order; empty when it has none. */
  async roles(taskId: number, client: Tx = this.db): Promise<TaskRoleRecord[]> {
    return client.taskRole.findMany({
      where: { taskId },
      orderBy: { position: "asc" },
      select: { id: true, name: true, capacity: true },
    });
  }

  async find(id: number, client: Tx = this.db): Promise<TaskRecord | undefined> {
    return (await client.task.findUnique({ where: { id } })) ?? undefined;
  }

  /** The task if it belongs to this community: another community's task is as good as missing. */
  async findInCommunity(communityId: string, id: number): Promise<TaskRecord | undefined> {
    const task = await this.find(id);
    return task?.communityId === communityId ? task : undefined;
  }

  /** Active sign-ups in line order. */
  async activeSignups(taskId: number, client: Tx = this.db): Promise<SignupRecord[]> {
    const rows = await client.signup.findMany({ where: { taskId, status: { in: ACTIVE } } });
    return inLineOrder(rows);
  }

  /** The latest place in line ever given on this task (cancelled rows included). */
  async latestQueuedAt(taskId: number, client: Tx = this.db): Promise<Date | undefined> {
    const row = await client.signup.findFirst({
      where: { taskId },
      orderBy: { queuedAt: "desc" },
      select: { queuedAt: true },
    });
    return row?.queuedAt;
  }

  async view(taskOrId: TaskRecord | number, client: Tx = this.db): Promise<TaskView | undefined> {
    const task = typeof taskOrId === "number" ? await this.find(taskOrId, client) : taskOrId;
    if (!task) return undefined;
    const signups = inLineOrder(
      await client.signup.findMany({ where: { taskId: task.id, status: { in: [...ACTIVE, "maybe"] } } }),
    );
    const names = await this.namesOf(
      signups.map((s) => s.personId),
      client,
    );
    const volunteers = signups.map(
      (s): Volunteer => ({
        signupId: s.id,
        personId: s.personId,
        displayName: names.get(s.personId) ?? "?",
        identityId: s.identityId,
        chatId: s.chatId,
        status: s.status === "confirmed" || s.status === "maybe" ? s.status : "waitlisted",
        roleId: s.roleId,
        queuedAt: s.queuedAt,
        note: s.note,
        attended: s.attended,
      }),
    );
    return {
      task,
      confirmed: volunteers.filter((v) => v.status === "confirmed"),
      waitlisted: volunteers.filter((v) => v.status === "waitlisted"),
      maybe: volunteers.filter((v) => v.status === "maybe"),
      roles: await this.roles(task.id, client),
    };
  }

  async update(
    id: number,
    data: Partial<
      Pick<
        TaskRecord,
        | "title"
        | "note"
        | "place"
        | "startsAt"
        | "endsAt"
        | "capacity"
        | "cutoffAt"
        | "status"
        | "cancelReason"
        | "nextCreatedAt"
        | "seriesId"
      >
    >,
    client: Tx = this.db,
  ): Promise<TaskRecord> {
    // Calendars take a changed event only when its SEQUENCE rises (RFC 5545 3.8.7.4).
    const rescheduled = RESCHEDULING.some((field) => data[field] !== undefined);
    return client.task.update({ where: { id }, data: rescheduled ? { ...data, revision: { increment: 1 } } : data });
  }

  async list(query: TaskQuery): Promise<TaskListItem[]> {
    const rows = await this.db.task.findMany({
      where: {
        communityId: query.communityId,
        ...(query.statuses ? { status: { in: query.statuses } } : {}),
        startsAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) },
        ...personFilter(query),
      },
      orderBy: query.newestFirst ? [{ startsAt: "desc" }, { id: "desc" }] : [{ startsAt: "asc" }, { id: "asc" }],
      take: query.limit,
      include: { signups: { where: { status: { in: ACTIVE } }, select: { status: true, personId: true } } },
    });
    return rows.map(({ signups, ...task }) => {
      const mine = query.personId ? signups.find((s) => s.personId === query.personId)?.status : undefined;
      return {
        task,
        confirmed: signups.filter((s) => s.status === "confirmed").length,
        waitlisted: signups.filter((s) => s.status === "waitlisted").length,
        mine: mine === "confirmed" || mine === "waitlisted" ? mine : undefined,
      };
    });
  }

  async count(query: Omit<TaskQuery, "limit">): Promise<number> {
    return this.db.task.count({
      where: {
        communityId: query.communityId,
        ...(query.statuses ? { status: { in: query.statuses } } : {}),
        startsAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) },
        ...personFilter(query),
      },
    });
  }

  /** When the community's latest shifts (up to `take`, none cancelled) started since `since`, newest first. */
  async recentStarts(communityId: string, since: Date, take: number): Promise<Date[]> {
    const rows = await this.db.task.findMany({
      where: { communityId, status: { not: "cancelled" }, startsAt: { gte: since } },
      select: { startsAt: true },
      orderBy: { startsAt: "desc" },
      take,
    });
    return rows.map((row) => row.startsAt);
  }

  /** A community's open tasks that start after `after`. */
  async openAfter(communityId: string, after: Date): Promise<TaskRecord[]> {
    return this.db.task.findMany({ where: { communityId, status: "open", startsAt: { gt: after } } });
  }

  /** The secret in the community's calendar feed address, if one was made. */
  async calendarToken(communityId: string): Promise<string | undefined> {
    const row = await this.db.community.findUnique({ where: { id: communityId }, select: { calendarToken: true } });
    return row?.calendarToken ?? undefined;
  }

  async setCalendarToken(communityId: string, token: string): Promise<void> {
    await this.db.community.update({ where: { id: communityId }, data: { calendarToken: token } });
  }

  /** The community whose calendar feed this secret opens. */
  async communityOfCalendar(token: string): Promise<Community | undefined> {
    return (await this.db.community.findUnique({ where: { calendarToken: token } })) ?? undefined;
  }

  /** This installation's random id, made on first use and kept (calendar UIDs). */
  async installationId(): Promise<string> {
    const kept = await this.db.installation.findUnique({ where: { id: 1 } });
    if (kept) return kept.installationId;
    try {
      return (
        await this.db.installation.create({ data: { id: 1, installationId: randomBytes(9).toString("base64url") } })
      ).installationId;
    } catch (error) {
      // Two processes made one at once: the first one's stays.
      if (!isUniqueViolation(error)) throw error;
      return (await this.db.installation.findUniqueOrThrow({ where: { id: 1 } })).installationId;
    }
  }

  /** The secret of this person's own feed in the community, if one was made. */
  async personalCalendarToken(personId: string, communityId: string): Promise<string | undefined> {
    const row = await this.db.personalCalendar.findUnique({
      where: { personId_communityId: { personId, communityId } },
    });
    return row?.token;
  }

  /** Gives the person a feed with this secret, replacing the old one. */
  async setPersonalCalendarToken(personId: string, communityId: string, token: string): Promise<void> {
    await this.db.$transaction([
      this.db.personalCalendar.deleteMany({ where: { personId, communityId } }),
      this.db.personalCalendar.create({ data: { token, personId, communityId } }),
    ]);
  }

  /** Whose feed, in which community, this secret opens. */
  async personalCalendar(token: string): Promise<{ personId: string; community: Community } | undefined> {
    const row = await this.db.personalCalendar.findUnique({ where: { token } });
    const community = row && (await this.db.community.findUnique({ where: { id: row.communityId } }));
    return row && community ? { personId: row.personId, community } : undefined;
  }

  /** Every occurrence of these series, cancelled ones included (a feed shows a series whole). */
  async occurrencesOf(seriesIds: number[]): Promise<TaskRecord[]> {
    if (seriesIds.length === 0) return [];
    return this.db.task.findMany({
      where: { seriesId: { in: seriesIds } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    });
  }

  /** Whether a series makes more occurrences after `latest`, its newest: not when it was stopped. */
  async seriesGoesOn(latest: TaskRecord): Promise<boolean> {
    if (latest.nextCreatedAt) return true;
    const next = await this.db.job.findUnique({ where: { dedupeKey: nextOccurrenceKey(latest.id) } });
    return next?.status === "pending" || next?.status === "running";
  }

  /** Open occurrences of a series from `from` on. */
  async openInSeries(seriesId: number, from: Date, client: Tx = this.db): Promise<TaskRecord[]> {
    return client.task.findMany({
      where: { seriesId, status: "open", startsAt: { gte: from } },
      orderBy: { startsAt: "asc" },
    });
  }

  async findOccurrence(seriesId: number, startsAt: Date): Promise<TaskRecord | undefined> {
    return (await this.db.task.findFirst({ where: { seriesId, startsAt } })) ?? undefined;
  }

  /** Where the task's cards are, newest first. */
  async posts(taskId: number, limit = 10): Promise<TaskPostRecord[]> {
    const rows = await this.db.taskPost.findMany({ where: { taskId }, orderBy: { id: "desc" }, take: limit });
    return rows.flatMap((row) => {
      const ref = row.messageRef === null ? undefined : parseRef(row.messageRef);
      return ref || row.outboxId !== null ? [{ id: row.id, chatId: row.chatId, ref, outboxId: row.outboxId }] : [];
    });
  }

  async addPost(taskId: number, ref: MessageRef): Promise<void> {
    await this.db.taskPost.create({ data: { taskId, chatId: ref.chatId, messageRef: JSON.stringify(ref) } });
  }

  /** A card still in the outbox (its first send was refused for a while): its ref is learnt once it goes. */
  /** A copy still in the outbox; returns its id. */
  async addQueuedPost(taskId: number, chatId: string, outboxId: number, tx?: Tx): Promise<number> {
    const row = await (tx ?? this.db).taskPost.create({ data: { taskId, chatId, outboxId }, select: { id: true } });
    return row.id;
  }

  async findPost(postId: number): Promise<TaskPostRecord | undefined> {
    const row = await this.db.taskPost.findUnique({ where: { id: postId } });
    if (!row) return undefined;
    const ref = row.messageRef === null ? undefined : parseRef(row.messageRef);
    return { id: row.id, chatId: row.chatId, ref, outboxId: row.outboxId };
  }

  async setPostRef(postId: number, ref: MessageRef): Promise<void> {
    await this.db.taskPost.update({ where: { id: postId }, data: { messageRef: JSON.stringify(ref) } });
  }

  /** The platform and username of each identity, for a roster. */
  async contactsOf(identityIds: string[]): Promise<Map<string, { platform: string; handle: string | undefined }>> {
    if (identityIds.length === 0) return new Map();
    const rows = await this.db.identity.findMany({
      where: { id: { in: [...new Set(identityIds)] } },
      select: { id: true, platform: true, handle: true },
    });
    return new Map(rows.map((row) => [row.id, { platform: row.platform, handle: row.handle ?? undefined }]));
  }

  /** How many shifts of the community each person was marked absent from. */
  async noShows(communityId: string, personIds: string[]): Promise<Map<string, number>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.db.signup.groupBy({
      by: ["personId"],
      where: { personId: { in: [...new Set(personIds)] }, attended: false, task: { communityId } },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.personId, row._count._all]));
  }

  /** Who was marked absent from the community's shifts that started in the range, one row per shift missed. */
  async noShowsIn(communityId: string, range: { from: Date; to: Date }): Promise<NoShow[]> {
    const rows = await this.db.signup.findMany({
      where: { attended: false, task: { communityId, startsAt: { gte: range.from, lt: range.to } } },
      orderBy: { id: "asc" },
      select: { personId: true, taskId: true },
    });
    const names = await this.namesOf(rows.map((r) => r.personId));
    return rows.map((r) => ({ personId: r.personId, name: names.get(r.personId) ?? "?", taskId: r.taskId }));
  }

  async namesOf(personIds: string[], client: Tx = this.db): Promise<Map<string, string>> {
    if (personIds.length === 0) return new Map();
    const people = await client.person.findMany({
      where: { id: { in: [...new Set(personIds)] } },
      select: { id: true, displayName: true },
    });
    return new Map(people.map((p) => [p.id, p.displayName]));
  }
}

function parseRef(json: string): MessageRef | undefined {
  try {
    const ref = JSON.parse(json) as Partial<MessageRef>;
    if (typeof ref.platform === "string" && typeof ref.chatId === "string" && typeof ref.messageId === "string") {
      return { platform: ref.platform, chatId: ref.chatId, messageId: ref.messageId, threadId: ref.threadId };
    }
  } catch {
    // A row that is not a ref is skipped: the card simply is not updated there.
  }
  return undefined;
}

export function isTaskStatus(value: string): value is TaskStatus {
  return value === "open" || value === "cancelled" || value === "done";
}

/** The sign-ups a query of one person's shifts asks for: in or wait-listed, or (`maybe`) maybe. */
function personFilter(query: Pick<TaskQuery, "personId" | "maybe">) {
  if (!query.personId) return {};
  const statuses: string[] = query.maybe ? ["maybe"] : [...ACTIVE];
  return { signups: { some: { personId: query.personId, status: { in: statuses } } } };
}
