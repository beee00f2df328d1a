// The community's shifts as an iCalendar feed (ical-generator) at
// GET /cal/<token>.ics, for Google Calendar, Thunderbird or a phone to
// subscribe to. The token is the community's secret (Community.calendarToken,
// made by /task calendar); an unknown token is a plain 404.
//
// Times are written in UTC (DTSTART:…Z), which every client reads; the
// client shows them in its own zone. Each shift has a stable UID, so a moved
// or cancelled shift updates the entry already in people's calendars
// (cancelled ones stay in the feed with STATUS:CANCELLED for that reason).
import { randomBytes } from "node:crypto";
import ical, { ICalEventStatus } from "ical-generator";
import { stripBidiControls } from "../../core/bidi-controls.js";
import type { Clock } from "../../core/clock.js";
import { type HttpRoute, textAnswer } from "../../core/http-route.js";
import type { Translate, Translator } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import { resolveLocale } from "../../core/resolve-locale.js";
import type { Store } from "../../storage/store.js";
import { slotsText } from "./task-card.js";
import type { TaskListItem, TaskRepository } from "./task-repository.js";
import { endOf } from "./task-times.js";

/** Shifts that ended this long ago still show, so last week's stays in the calendar. */
const PAST_DAYS = 30;
const MAX_EVENTS = 500;
const PATH = /^\/cal\/([A-Za-z0-9_-]{16,64})\.ics$/;

export function newCalendarToken(): string {
  return randomBytes(18).toString("base64url");
}

export function calendarPath(token: string): string {
  return `/cal/${token}.ics`;
}

export interface CalendarInput {
  communityName: string;
  items: TaskListItem[];
  t: Translate;
  now: Date;
}

/** The feed's text. Pure. */
export function renderCalendar(input: CalendarInput): string {
  const { t } = input;
  const calendar = ical({
    name: t("tasks:calendar.name", { community: input.communityName }),
    prodId: { company: "Talkoot", product: "tasks", language: "EN" },
    ttl: 60 * 60,
  });
  for (const { task, confirmed, waitlisted } of input.items) {
    const description = [t("tasks:calendar.slots", { slots: slotsText(task.capacity, confirmed, waitlisted, t) })];
    if (task.note) description.push(task.note);
    if (task.status === "open") description.push(t("tasks:calendar.join", { id: task.id }));
    calendar.createEvent({
      id: `task-${task.id}@talkoot`,
      start: task.startsAt,
      end: endOf(task),
      // Calendar apps show these as they are: no bidi tricks (see core/bidi-controls.ts).
      summary: stripBidiControls(task.title),
      location: task.place ? stripBidiControls(task.place) : null,
      description: stripBidiControls(description.join("\n")),
      status: task.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: input.now,
      lastModified: task.updatedAt,
    });
  }
  return calendar.toString();
}

export interface CalendarFeedDeps {
  store: Store;
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
      const community = token ? await deps.tasks.communityOfCalendar(token) : undefined;
      if (!community) return textAnswer(404, "not found", { "cache-control": "no-store" });
      const now = deps.clock.now();
      const items = await deps.tasks.list({
        communityId: community.id,
        from: new Date(now.getTime() - PAST_DAYS * 86_400_000),
        limit: MAX_EVENTS,
      });
      const locale = resolveLocale(null, null, community.locale);
      const body = renderCalendar({ communityName: community.name, items, t: deps.translator.forLocale(locale), now });
      deps.logger.debug({ communityId: community.id, events: items.length }, "calendar feed served");
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
