// The card officials get in their team chat: what, where, how old, how many
// neighbours back it, from which community, and the buttons for the usual
// answers. Pure. A card is public in that chat, so it speaks the chat's
// language. The resident's name shows only when they did not ask to be
// anonymous (and never for Open311 requests, which carry no name).

import type { Button, Field, OutboundMessage } from "../../core/messages.js";
import { shownText } from "../../core/redacted-text.js";
import type { CategoryRecord } from "./category-repository.js";
import { openStreetMapUrl } from "./place-in-text.js";
import { formatAge, type Presentation, placeText, stateLabel, when } from "./presentation.js";
import type { RequestRecord } from "./service-request-repository.js";

export const ACKNOWLEDGE_ACTION = "request.ack";
export const PROGRESS_ACTION = "request.progress";
export const RESOLVE_ACTION = "request.resolve";
export const NOT_OURS_ACTION = "request.notOurs";

export interface RequestView {
  request: RequestRecord;
  category: Pick<CategoryRecord, "code" | "name" | "expectMinutes">;
  /** The contact handling it now; undefined while it is with the admins. */
  contactName: string | undefined;
  communityName: string;
  /** Undefined for anonymous and Open311 requests. */
  residentName: string | undefined;
  /** The links that show the request's photos (/media/<token>); empty without PUBLIC_BASE_URL. */
  photoUrls: string[];
  /** Photos kept but not linkable: the bot has no PUBLIC_BASE_URL. */
  unlinkedPhotos: number;
}

export interface CardOptions {
  /** Re-posted by the SLA job: not acknowledged in time. */
  overdue?: boolean;
  /** Sent to the admins because no contact handles the category (or the contact said it is not theirs). */
  adminNote?: string;
  /** The card is in a chat that no longer handles the request (it was moved): no buttons. */
  movedTo?: string;
}

export function renderRequestCard(view: RequestView, p: Presentation, options: CardOptions = {}): OutboundMessage {
  const { request, category } = view;
  const { t } = p;
  const fields: Field[] = [
    { label: t("requests:card.status"), value: stateLabel(request.status, request.subStatus, t) },
  ];
  const place = placeText(request);
  if (place) fields.push({ label: t("requests:card.where"), value: place });
  if (request.lat !== null && request.long !== null) {
    fields.push({ label: t("requests:card.map"), value: openStreetMapUrl({ lat: request.lat, long: request.long }) });
  }
  for (const url of view.photoUrls) fields.push({ label: t("requests:media.photo"), value: url });
  if (view.unlinkedPhotos > 0) {
    fields.push({
      label: t("requests:media.photo"),
      value: t("requests:media.noLink", { count: view.unlinkedPhotos }),
    });
  }
  fields.push(
    {
      label: t("requests:card.filed"),
      value: t("requests:card.filedValue", {
        age: formatAge(request.createdAt, p.now, t),
        when: when(request.createdAt, p),
      }),
    },
    { label: t("requests:card.support"), value: t("requests:card.supportValue", { count: request.supportCount }) },
    { label: t("requests:card.community"), value: view.communityName },
    { label: t("requests:card.from"), value: residentLabel(view, t) },
  );
  if (view.contactName) fields.push({ label: t("requests:card.contact"), value: view.contactName });

  const lines: string[] = [];
  if (options.movedTo) lines.push(t("requests:card.moved", { contact: options.movedTo }));
  else if (options.adminNote) lines.push(options.adminNote);
  lines.push(shownText(request.description, () => t("requests:redacted")));

  const title = t(options.overdue ? "requests:card.titleOverdue" : "requests:card.title", {
    number: request.number,
    category: category.name,
  });
  const message: OutboundMessage = { title, text: lines.join("\n\n"), fields };
  if (!options.movedTo && request.status === "open") {
    message.buttons = [cardButtons(request, t)];
    message.footer = t("requests:card.footer", { number: request.number });
  }
  return message;
}

function cardButtons(request: RequestRecord, t: Presentation["t"]): Button[] {
  const args = [String(request.id)];
  const buttons: Button[] = [];
  if (request.subStatus === null) {
    buttons.push({ label: t("requests:buttons.acknowledge"), action: ACKNOWLEDGE_ACTION, args, style: "primary" });
  }
  if (request.subStatus !== "in_progress") {
    buttons.push({ label: t("requests:buttons.progress"), action: PROGRESS_ACTION, args });
  }
  buttons.push({ label: t("requests:buttons.resolve"), action: RESOLVE_ACTION, args, style: "primary" });
  buttons.push({ label: t("requests:buttons.notOurs"), action: NOT_OURS_ACTION, args, style: "danger" });
  return buttons;
}

function residentLabel(view: RequestView, t: Presentation["t"]): string {
  if (view.request.source === "open311") return t("requests:card.fromOpen311");
  if (view.request.anonymous || !view.residentName) return t("requests:card.fromAnonymous");
  return view.residentName;
}
