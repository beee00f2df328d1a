// A request as residents see it: the receipt after filing, `/request status`
// with its public history, the `/request mine` list and the category list.
// Pure. No resident's name appears in any of these: the history says what
// changed and what the officials wrote, never who filed it.

import type { Translate } from "../../core/i18n.js";
import type { Button, Field, OutboundMessage } from "../../core/messages.js";
import { shownText } from "../../core/redacted-text.js";
import type { CategoryRecord } from "./category-repository.js";
import { changeLine } from "./notices.js";
import { expectText, formatAge, type Presentation, placeText, quote, stateLabel, when } from "./presentation.js";
import type { RequestView } from "./request-card.js";
import type { UpdateRecord } from "./update-repository.js";

export const PICK_CATEGORY_ACTION = "request.pick";

/** The reply to the resident: the number to quote, the category, the expected response and who has it. */
export function renderReceipt(view: RequestView, p: Presentation): OutboundMessage {
  const { t } = p;
  const { request } = view;
  const fields: Field[] = [
    { label: t("requests:receipt.category"), value: view.category.name },
    { label: t("requests:receipt.expect"), value: expectText(view.category.expectMinutes, t) },
    {
      label: t("requests:receipt.sentTo"),
      value: view.contactName ?? t("requests:receipt.admins"),
    },
  ];
  const place = placeText(request);
  if (place) fields.splice(1, 0, { label: t("requests:receipt.where"), value: place });
  // The link itself is for the officials: this chat is the residents'.
  const photos = view.photoUrls.length + view.unlinkedPhotos;
  if (photos > 0)
    fields.push({ label: t("requests:media.photo"), value: t("requests:media.attached", { count: photos }) });
  const lines = [t("requests:receipt.text", { number: request.number })];
  if (request.anonymous && request.source === "chat") lines.push(t("requests:receipt.anonymous"));
  if (!view.contactName) lines.push(t("requests:receipt.unrouted"));
  return {
    title: t("requests:receipt.title", { number: request.number }),
    text: lines.join("\n"),
    fields,
    footer: t("requests:receipt.footer", { number: request.number }),
  };
}

/** `/request status`: where it stands, and its public history, oldest first. */
export function renderStatus(view: RequestView, updates: UpdateRecord[], p: Presentation): OutboundMessage {
  const { t } = p;
  const { request } = view;
  const fields: Field[] = [
    { label: t("requests:card.status"), value: stateLabel(request.status, request.subStatus, t) },
  ];
  const place = placeText(request);
  if (place) fields.push({ label: t("requests:card.where"), value: place });
  fields.push(
    {
      label: t("requests:card.filed"),
      value: t("requests:card.filedValue", {
        age: formatAge(request.createdAt, p.now, t),
        when: when(request.createdAt, p),
      }),
    },
    { label: t("requests:card.contact"), value: view.contactName ?? t("requests:receipt.admins") },
    { label: t("requests:receipt.expect"), value: expectText(view.category.expectMinutes, t) },
    { label: t("requests:card.support"), value: t("requests:card.supportValue", { count: request.supportCount }) },
  );
  const history = updates.map((u) => historyLine(view, u, p));
  return {
    title: t("requests:card.title", { number: request.number, category: view.category.name }),
    text: [readable(request.description, t), "", t("requests:status.history"), ...history].join("\n"),
    fields,
    ...statusFooter(request, t),
  };
}

/** What the reader can do next: follow or back an open request, reopen a fixed one. */
function statusFooter(request: RequestView["request"], t: Translate): { footer?: string } {
  if (request.status === "open") return { footer: t("requests:status.footerOpen", { number: request.number }) };
  if (request.status === "fixed") return { footer: t("requests:status.footerFixed", { number: request.number }) };
  return {};
}

/** "Tue 1 Dec 10:05 · acknowledged · “We will look at it this week.”" */
export function historyLine(view: RequestView, update: UpdateRecord, p: Presentation): string {
  const { t } = p;
  const at = when(update.createdAt, p);
  if (update.kind === "status" && update.fromStatus === null) return t("requests:status.filed", { when: at });
  const what = historyWhat(view, update, t);
  const words = update.text && update.kind !== "task" ? ` · “${quote(readable(update.text, t), 200)}”` : "";
  return `${at} · ${what}${words}`;
}

function historyWhat(_view: RequestView, update: UpdateRecord, t: Translate): string {
  switch (update.kind) {
    case "comment":
      return t("requests:status.comment");
    case "reassign":
      return t("requests:status.reassigned");
    case "volunteers":
      return t("requests:status.volunteers");
    case "task":
      return t("requests:status.task", { task: update.text ?? "" });
    default: {
      const from = stateLabel(update.fromStatus ?? "open", update.fromSubStatus, t);
      const to = stateLabel(update.toStatus ?? "open", update.toSubStatus, t);
      return from === to ? to : `${from} → ${to}`;
    }
  }
}

/** The text of a public update in one language (Open311's status_notes and update descriptions). */
export function updateDescription(view: RequestView, update: UpdateRecord, t: Translate): string {
  if (update.text && update.kind !== "task") return readable(update.text, t);
  if (update.kind === "status" && update.fromStatus === null) return t("requests:status.filedShort");
  return changeLine(
    { number: view.request.number, categoryName: view.category.name },
    update,
    view.contactName ?? t("requests:receipt.admins"),
    t,
  );
}

/** One line of `/request mine`: "K-1042 · Street lighting · acknowledged · 2 days ago". */
export function mineLine(view: RequestView, p: Presentation): string {
  const { request } = view;
  return p.t("requests:mine.line", {
    number: request.number,
    category: view.category.name,
    state: stateLabel(request.status, request.subStatus, p.t),
    age: formatAge(request.createdAt, p.now, p.t),
  });
}

/** One line of `/request open`: "K-1042 · Street lighting · Lamp out at the… · Main street 1 · +3". No resident, no internal notes. */
export function openLine(view: RequestView, p: Presentation): string {
  const { request } = view;
  return p.t("requests:open.line", {
    number: request.number,
    category: view.category.name,
    text: quote(
      shownText(request.description, () => p.t("requests:redacted")),
      OPEN_TEXT_SHOWN,
    ),
    place: placeText(request) ?? p.t("requests:open.noPlace"),
    count: request.supportCount,
  });
}

/** Enough of a description to recognise it on a phone. */
const OPEN_TEXT_SHOWN = 60;

/** `/request` alone: the categories and their codes, with how to file. */
export function renderCategoryList(categories: CategoryRecord[], t: Translate): OutboundMessage {
  if (categories.length === 0) return { text: t("requests:categories.none") };
  const lines = categories.map((c) =>
    t("requests:categories.line", { code: c.code, name: c.name, expect: expectText(c.expectMinutes, t) }),
  );
  return {
    title: t("requests:categories.title"),
    text: lines.join("\n"),
    footer: t("requests:categories.footer", { code: categories[0]!.code }),
  };
}

/** Buttons to pick one of the closest categories after an unknown one. */
export function pickButtons(suggestions: Array<Pick<CategoryRecord, "code" | "name">>, draft: string[]): Button[][] {
  return suggestions.map((c) => [
    { label: `${c.code} · ${c.name}`, action: PICK_CATEGORY_ACTION, args: [c.code, ...draft] },
  ]);
}

/** Free text as the reader sees it: retention's marker in their language. */
function readable(text: string, t: Translate): string {
  return shownText(text, () => t("requests:redacted"));
}
