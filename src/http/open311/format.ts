// Requests, services and updates in GeoReport v2's own field names. Pure.
// Nothing here names a resident: Open311 output carries the request, never
// who filed it (Talkoot keeps no e-mail, phone or name from Open311 posts,
// and shows no chat name either).
import { DateTime } from "luxon";
import {
  type CategoryRecord,
  MAX_DESCRIPTION,
  open311ExtendedStatus,
  open311Status,
  type RequestView,
  type UpdateRecord,
} from "../../domain/requests/index.js";

/** W3C datetime with the community's offset: "2026-12-01T10:00:00+02:00". */
export function datetime(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at).setZone(timezone).toISO({ suppressMilliseconds: true }) ?? at.toISOString();
}

export function discoveryJson(endpoint: string, changeset: Date) {
  return {
    changeset: changeset.toISOString(),
    contact: "Talkoot: requests are answered in the officials' team chats",
    key_service: "Ask a community admin for a key: /setup apikey",
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: endpoint,
        changeset: changeset.toISOString(),
        type: "production",
        // XML first: the spec's required format.
        formats: ["text/xml", "application/json"],
      },
    ],
  };
}

export function serviceJson(category: CategoryRecord) {
  return {
    service_code: category.code,
    service_name: category.name,
    description: category.description ?? "",
    // true when the category asks extra questions, described at services/<code>.json.
    metadata: category.fields.length > 0,
    type: "realtime",
    keywords: category.keywords.join(","),
    group: "",
  };
}

export function serviceDefinitionJson(category: CategoryRecord) {
  return {
    service_code: category.code,
    attributes: category.fields.map((field, index) => ({
      variable: true,
      code: field.code,
      datatype: field.datatype,
      required: field.required,
      datatype_description: field.datatype_description ?? "",
      order: field.order ?? index + 1,
      description: field.description,
      ...(field.values ? { values: field.values } : {}),
    })),
  };
}

export interface RequestJsonInput {
  view: RequestView;
  /** The latest public words on it (or its state in words). */
  statusNotes: string | null;
  /** What to expect, as POST requests.json answered it. */
  serviceNotice: string | null;
  timezone: string;
}

export function requestJson({ view, statusNotes, serviceNotice, timezone }: RequestJsonInput) {
  const { request } = view;
  const expectMinutes = view.category.expectMinutes;
  return {
    service_request_id: request.number,
    status: open311Status(request.status),
    status_notes: statusNotes,
    service_name: view.category.name,
    service_code: view.category.code,
    description: withinLimit(request.description),
    agency_responsible: view.contactName ?? null,
    service_notice: serviceNotice,
    requested_datetime: datetime(request.createdAt, timezone),
    updated_datetime: datetime(request.updatedAt, timezone),
    expected_datetime: expectMinutes
      ? datetime(new Date(request.createdAt.getTime() + expectMinutes * 60_000), timezone)
      : null,
    address: request.address,
    address_id: request.addressId,
    zipcode: null,
    lat: request.lat,
    long: request.long,
    // As posted to Open311, else the first photo sent in the chat (linked through the bot).
    media_url: request.mediaUrl ?? view.photoUrls[0] ?? null,
  };
}

/** The spec's 4,000 characters, even for a chat request whose answers made it longer. */
function withinLimit(description: string): string {
  return description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1)}…` : description;
}

export interface UpdateJsonInput {
  update: UpdateRecord;
  number: string;
  /** The request's state once this update was made, in FixMyStreet's extended states. */
  status: string;
  description: string;
  timezone: string;
}

/** One entry of the updates extension (servicerequestupdates.json). */
export function updateJson({ update, number, status, description, timezone }: UpdateJsonInput) {
  return {
    update_id: String(update.id),
    service_request_id: number,
    status,
    updated_datetime: datetime(update.createdAt, timezone),
    description: withinLimit(description),
    // Updates carry no photo of their own.
    media_url: null,
  };
}

/** The extended state an update leaves its request in; `before` for a reply, which changes no state. */
export function updateStatus(update: UpdateRecord, before: string): string {
  return update.toStatus ? open311ExtendedStatus(update.toStatus, update.toSubStatus) : before;
}
