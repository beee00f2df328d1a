// Shifts as an iCalendar feed (ical-generator) at GET /cal/<token>.ics, for
// Google Calendar, Thunderbird or a phone to subscribe to. The token is a
// community's secret (Community.calendarToken, /task calendar) or one
// person's (PersonalCalendar, /task calendar mine: the shifts they signed up
// for); an unknown token is a plain 404.
//
// What calendar clients need to notice a change (RFC 5545):
// - a UID that is the same at every fetch and unique across installations
//   (the installation's random id is in it);
// - SEQUENCE that rises when the time, place or status changes (Task.revision);
// - DTSTAMP and LAST-MODIFIED at the last change, not at the fetch.
// A repeating series is one event with its RRULE, in the community's zone
// (with its VTIMEZONE) so that 10:00 stays 10:00 across daylight saving;
// cancelled occurrences are EXDATEs, and each occurrence that exists is an
// override (RECURRENCE-ID) carrying its own slots. Cancelled one-off shifts
// stay in the feed with STATUS:CANCELLED, so that calendars remove them.
import { randomBytes } from "node:crypto";
import ical, { ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import rrule from "rrule";
import { stripBidiControls } from "../../core/bidi-controls.js";
import type { Clock } from "../../core/clock.js";
import { type HttpRoute, textAnswer } from "../../core/http-route.js";
import type { Translate, Translator } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import { resolveLocale } from "../../core/resolve-locale.js";
import type { Community } from "../../storage/generated/sqlite/client.js";
import { fromFloating, toFloating } from "./recurrence.js";
import { slotsText } from "./task-card.js";
import type { TaskListItem, TaskRecord, TaskRepository } from "./task-repository.js";
import { endOf } from "./task-times.js";
import { vtimezone } from "./vtimezone.js";

const { rrulestr } = rrule;

/** Shifts that ended this long ago still show, so last week's stays in the calendar. */
const PAST_DAYS = 30;
const MAX_EVENTS = 500;
/** The zone's transitions are listed this many years past the fetch. */
const ZONE_YEARS_AHEAD = 5;
/** A moved occurrence is matched to the series' nearest slot within this distance. */
const SLOT_SEARCH_MS = 40 * 86_400_000;
const PATH = /^\/cal\/([A-Za-z0-9_-]{16,64})\.ics$/;

export function newCalendarToken(): string {
  return randomBytes(18).toString("base64url");
}

export function calendarPath(token: string): string {
  return `/cal/${token}.ics`;
}

export interface SeriesState {
  /** Every occurrence made so far, cancelled ones included, by start. */
  occurrences: TaskRecord[];
  /** False when the series was stopped (/task cancel --series): its rule ends at its newest occurrence. */
  goesOn: boolean;
  /** The newest occurrence made (by id). */
  latest: TaskRecord;
}

export interface CalendarInput {
  /** The calendar's name as clients show it. */
  name: string;
  items: TaskListItem[];
  /** The series of the items that repeat, by series id. */
  series: Map<number, SeriesState>;
  installationId: string;
  timezone: string;
  t: Translate;
  now: Date;
}

/** The feed's text. Pure. */
export function renderCalendar(input: CalendarInput): string {
  const { t, timezone } = input;
  const starts = [...input.items.map((i) => i.task), ...[...input.series.values()].flatMap((s) => s.occurrences)];
  const firstYear = Math.min(input.now.getUTCFullYear(), ...starts.map((task) => task.startsAt.getUTCFullYear()));
  const calendar = ical({
    name: input.name,
    prodId: { company: "Talkoot", product: "tasks", language: "EN" },
    ttl: 60 * 60,
    // No calendar-wide zone name: with one, ical-generator writes DTSTAMP and
    // LAST-MODIFIED in local time, and RFC 5545 wants them in UTC. Events name
    // their zone themselves, and the generator writes its VTIMEZONE.
    timezone: {
      name: "",
      generator: (zone) => vtimezone(zone, firstYear - 1, input.now.getUTCFullYear() + ZONE_YEARS_AHEAD),
    },
  });
  const local = (at: Date) => DateTime.fromJSDate(at).setZone(timezone);
  const uid = (kind: string, id: number) => `${kind}-${id}@${input.installationId}.talkoot`;

  const shownSeries = new Set<number>();
  for (const item of input.items) {
    const { task } = item;
    const series = task.seriesId === null ? undefined : input.series.get(task.seriesId);
    const slot = series && task.recurrence ? slotOf(task, task.recurrence, timezone) : undefined;
    if (series && slot && task.seriesId !== null) {
      if (!shownSeries.has(task.seriesId)) {
        shownSeries.add(task.seriesId);
        addSeriesMaster(task.seriesId, series);
      }
      // Cancelled occurrences are EXDATEs of the master.
      if (task.status === "cancelled") continue;
      // An override carries the series' SEQUENCE: never below its master's.
      calendar.createEvent({
        ...eventOf(item),
        id: uid("series", task.seriesId),
        recurrenceId: local(slot),
        sequence: seriesSequence(series),
      });
      continue;
    }
    calendar.createEvent({ ...eventOf(item), id: uid("task", task.id) });
  }
  return calendar.toString();

  function eventOf({ task, confirmed, waitlisted }: TaskListItem) {
    const description = [t("tasks:calendar.slots", { slots: slotsText(task.capacity, confirmed, waitlisted, t) })];
    if (task.note) description.push(task.note);
    if (task.status === "open") description.push(t("tasks:calendar.join", { id: task.id }));
    return {
      start: local(task.startsAt),
      end: local(endOf(task)),
      timezone,
      // Calendar apps show these as they are: no bidi tricks (see core/bidi-controls.ts).
      summary: stripBidiControls(task.title),
      location: task.place ? stripBidiControls(task.place) : null,
      description: stripBidiControls(description.join("\n")),
      status: task.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: task.revision,
      stamp: task.updatedAt,
      lastModified: task.updatedAt,
      created: task.createdAt,
    };
  }

  /** The series as one event: the first occurrence's time and the latest one's title and place, with its rule. */
  function addSeriesMaster(seriesId: number, series: SeriesState) {
    const first = series.occurrences.find((o) => o.id === seriesId) ?? series.occurrences[0];
    const { latest } = series;
    if (!first?.recurrence) return;
    const origin = slotOf(first, first.recurrence, timezone) ?? first.startsAt;
    const cancelled = series.occurrences.flatMap((o) =>
      o.status === "cancelled" && o.recurrence
        ? [slotOf(o, o.recurrence, timezone)].filter((d) => d !== undefined)
        : [],
    );
    const lastSlot = slotOf(latest, first.recurrence, timezone) ?? latest.startsAt;
    const lastChange = new Date(Math.max(...series.occurrences.map((o) => o.updatedAt.getTime())));
    calendar.createEvent({
      id: uid("series", seriesId),
      start: local(origin),
      end: local(new Date(origin.getTime() + endOf(first).getTime() - first.startsAt.getTime())),
      timezone,
      summary: stripBidiControls(latest.title),
      location: latest.place ? stripBidiControls(latest.place) : null,
      description: stripBidiControls(t("tasks:calendar.series")),
      status: ICalEventStatus.CONFIRMED,
      repeating: seriesRule(first.recurrence, timezone, series.goesOn ? undefined : lastSlot, cancelled),
      // Each occurrence's changes (an EXDATE for each cancellation among them) change the series.
      sequence: seriesSequence(series),
      stamp: lastChange,
      lastModified: lastChange,
      created: first.createdAt,
    });
  }
}

/** Rises with every change to any occurrence (revisions only rise, and occurrences are never deleted). */
function seriesSequence(series: SeriesState): number {
  return series.occurrences.reduce((sum, o) => sum + o.revision, 0);
}

/**
 * The RRULE (and EXDATE) lines of a series. With a zone-local DTSTART, UNTIL
 * must be in UTC (RFC 5545 3.3.10), so a stored floating UNTIL is converted;
 * a stopped series ends at its last occurrence.
 */
export function seriesRule(recurrence: string, timezone: string, endsAt: Date | undefined, cancelled: Date[]): string {
  const stored = /RRULE:([^\n]+)/.exec(recurrence)?.[1] ?? "";
  const parts = stored.split(";").filter((part) => part && !(endsAt && /^(COUNT|UNTIL)=/.test(part)));
  const rule = parts.map((part) => {
    const until = /^UNTIL=(\d{8})(?:T(\d{6}))?$/.exec(part);
    if (!until?.[1]) return part;
    const floating = DateTime.fromFormat(`${until[1]}${until[2] ?? "235959"}`, "yyyyLLddHHmmss", { zone: "utc" });
    return `UNTIL=${utcStamp(fromFloating(floating.toJSDate(), timezone))}`;
  });
  if (endsAt) rule.push(`UNTIL=${utcStamp(endsAt)}`);
  const lines = [`RRULE:${rule.join(";")}`];
  if (cancelled.length > 0) {
    const local = cancelled.map((at) => DateTime.fromJSDate(at).setZone(timezone).toFormat("yyyyLLdd'T'HHmmss"));
    lines.push(`EXDATE;TZID=${timezone}:${local.join(",")}`);
  }
  return lines.join("\n");
}

/**
 * The slot of the series an occurrence fills: its start, or for a moved one
 * the rule's nearest start; undefined when the rule has none near it.
 */
export function slotOf(task: TaskRecord, recurrence: string, timezone: string): Date | undefined {
  const rule = rrulestr(recurrence);
  const at = toFloating(task.startsAt, timezone);
  const near = rule.between(new Date(at.getTime() - SLOT_SEARCH_MS), new Date(at.getTime() + SLOT_SEARCH_MS), true);
  const nearest = near.sort((a, b) => Math.abs(a.getTime() - at.getTime()) - Math.abs(b.getTime() - at.getTime()))[0];
  return nearest ? fromFloating(nearest, timezone) : undefined;
}

function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

export interface CalendarFeedDeps {
  tasks: TaskRepository;
  translator: Translator;
  clock: Clock;
  logger: Logger;
}

/** GET/HEAD /cal/<token>.ics; every other path under /cal/ is a 404. */
export function calendarFeedRoute(deps: CalendarFeedDeps): HttpRoute {
  return {
    prefix: "/cal",
    async handle(request) {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return textAnswer(405, "method not allowed", { allow: "GET, HEAD" });
      }
      const token = PATH.exec(request.path)?.[1];
      const feed = token ? await feedOf(deps.tasks, token) : undefined;
      if (!feed) return textAnswer(404, "not found", { "cache-control": "no-store" });
      const { community, personId } = feed;
      const now = deps.clock.now();
      const items = await deps.tasks.list({
        communityId: community.id,
        from: new Date(now.getTime() - PAST_DAYS * 86_400_000),
        limit: MAX_EVENTS,
        ...(personId ? { personId } : {}),
      });
      const t = deps.translator.forLocale(resolveLocale(null, null, community.locale));
      const body = renderCalendar({
        name: t(personId ? "tasks:calendar.nameMine" : "tasks:calendar.name", { community: community.name }),
        items,
        // A person's feed shows the times they signed up for, not the whole series.
        series: personId ? new Map() : await seriesOf(deps.tasks, items),
        installationId: await deps.tasks.installationId(),
        timezone: community.timezone,
        t,
        now,
      });
      deps.logger.debug(
        { communityId: community.id, events: items.length, personal: !!personId },
        "calendar feed served",
      );
      return {
        status: 200,
        headers: {
          "content-type": "text/calendar; charset=utf-8",
          "content-disposition": 'inline; filename="talkoot.ics"',
          "cache-control": "private, max-age=300",
        },
        body,
      };
    },
  };
}

async function feedOf(
  tasks: TaskRepository,
  token: string,
): Promise<{ community: Community; personId?: string } | undefined> {
  const community = await tasks.communityOfCalendar(token);
  if (community) return { community };
  return tasks.personalCalendar(token);
}

async function seriesOf(tasks: TaskRepository, items: TaskListItem[]): Promise<Map<number, SeriesState>> {
  const ids = [
    ...new Set(items.flatMap(({ task }) => (task.seriesId !== null && task.recurrence ? [task.seriesId] : []))),
  ];
  const occurrences = await tasks.occurrencesOf(ids);
  const series = new Map<number, SeriesState>();
  for (const id of ids) {
    const own = occurrences.filter((o) => o.seriesId === id);
    // The newest made, by id: a moved occurrence may start after a later one.
    const latest = own.reduce<TaskRecord | undefined>((a, b) => (a && a.id > b.id ? a : b), undefined);
    if (latest) series.set(id, { occurrences: own, latest, goesOn: await tasks.seriesGoesOn(latest) });
  }
  return series;
}
