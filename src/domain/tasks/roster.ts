// /task roster: who is signed up for a shift, in line order, with how to
// reach them, for its coordinators; with each person's note to them, who said
// maybe, and how many shifts each was marked absent from (no-shows). In chat as a list and, with --csv, as a
// spreadsheet file (spreadsheet-csv.ts). Pure.
import { DateTime } from "luxon";
import type { Translate } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";
import { spreadsheetCsv } from "./spreadsheet-csv.js";
import type { TaskView, Volunteer } from "./task-repository.js";

/** How to reach a volunteer: their platform and username there, when they have one. */
export interface Contact {
  platform: string;
  handle: string | undefined;
}

export interface RosterInput {
  view: TaskView;
  /** By identity id. */
  contacts: Map<string, Contact>;
  /** Shifts of the community each person did not come to, by person id. */
  noShows: Map<string, number>;
  timezone: string;
}

export function renderRoster(input: RosterInput, t: Translate, csv: boolean): OutboundMessage {
  const { task, confirmed, waitlisted, maybe } = input.view;
  const line = (v: Volunteer, i: number) => {
    const handle = handleOf(input.contacts.get(v.identityId));
    const noShows = input.noShows.get(v.personId) ?? 0;
    const role = roleOf(input.view, v);
    return [
      `${i + 1}. ${v.displayName}${handle ? ` (${handle})` : ""}`,
      ...(role ? [role] : []),
      ...(v.attended === null ? [] : [t(v.attended ? "tasks:attendance.came" : "tasks:attendance.absent")]),
      ...(v.note ? [`“${v.note}”`] : []),
      ...(noShows ? [t("tasks:roster.noShows", { count: noShows })] : []),
    ].join(" · ");
  };
  const section = (key: string, people: Volunteer[]) =>
    people.length ? ["", t(key, { count: people.length }), ...people.map(line)] : [];
  const lines =
    confirmed.length + waitlisted.length + maybe.length === 0
      ? [t("tasks:roster.empty")]
      : [
          t("tasks:roster.confirmed", { count: confirmed.length, capacity: task.capacity }),
          ...confirmed.map(line),
          ...section("tasks:roster.waitlisted", waitlisted),
          ...section("tasks:roster.maybe", maybe),
        ];
  const message: OutboundMessage = {
    title: t("tasks:roster.title", { id: task.id, title: task.title }),
    text: lines.join("\n"),
  };
  if (csv) {
    message.attachment = { filename: `roster-${task.id}.csv`, mimeType: "text/csv", content: rosterCsv(input, t) };
  }
  return message;
}

/** A row per sign-up: confirmed first, then the wait-list, each in line order. */
export function rosterCsv(input: RosterInput, t: Translate): string {
  const { confirmed, waitlisted, maybe } = input.view;
  const rows: string[][] = [
    [
      t("tasks:roster.csv.status"),
      t("tasks:roster.csv.position"),
      t("tasks:roster.csv.name"),
      t("tasks:roster.csv.platform"),
      t("tasks:roster.csv.handle"),
      t("tasks:roster.csv.signedUp"),
      t("tasks:roster.csv.note"),
      t("tasks:roster.csv.noShows"),
      t("tasks:roster.csv.role"),
    ],
  ];
  const add = (status: string, volunteers: Volunteer[]) =>
    volunteers.forEach((v, i) => {
      const contact = input.contacts.get(v.identityId);
      rows.push([
        status,
        String(i + 1),
        v.displayName,
        contact?.platform ?? "",
        // Without the @: a cell that starts with @ would be defused as a formula.
        contact?.handle?.replace(/^@/, "") ?? "",
        DateTime.fromJSDate(v.queuedAt).setZone(input.timezone).toFormat("yyyy-LL-dd HH:mm"),
        v.note ?? "",
        String(input.noShows.get(v.personId) ?? 0),
        roleOf(input.view, v) ?? "",
      ]);
    });
  add(t("tasks:roster.csv.confirmed"), confirmed);
  add(t("tasks:roster.csv.waitlisted"), waitlisted);
  add(t("tasks:roster.csv.maybe"), maybe);
  return spreadsheetCsv(rows);
}

function roleOf(view: TaskView, v: Volunteer): string | undefined {
  return view.roles.find((role) => role.id === v.roleId)?.name;
}

function handleOf(contact: Contact | undefined): string | undefined {
  if (!contact?.handle) return undefined;
  return contact.handle.startsWith("@") ? contact.handle : `@${contact.handle}`;
}
