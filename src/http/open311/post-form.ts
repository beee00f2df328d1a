// The fields of POST requests.json, checked: where (lat/long, address_string
// or address_id), what (description and attribute answers, 4,000 characters
// together) and media_url. Pure.
import {
  type CategoryRecord,
  checkCoordinates,
  MAX_ADDRESS,
  MAX_DESCRIPTION,
  type ServiceField,
} from "../../domain/requests/index.js";
import { Open311Error } from "./errors.js";

/** Long enough for any photo service's link; a URL is not a document. */
export const MAX_MEDIA_URL = 2_000;

export interface PostedReport {
  description: string;
  lat?: number;
  long?: number;
  address?: string;
  addressId?: string;
  mediaUrl?: string;
}

export function readReport(form: URLSearchParams, category: CategoryRecord): PostedReport {
  const location = readLocation(form);
  const mediaUrl = readMediaUrl(form);
  return {
    description: readDescription(form, category),
    ...location,
    ...(mediaUrl ? { mediaUrl } : {}),
  };
}

/**
 * The description and the attribute answers as the officials read them, within
 * the spec's 4,000 characters together. The spec makes description optional:
 * with neither text nor answers, the category's name (at the given location) is the report.
 */
function readDescription(form: URLSearchParams, category: CategoryRecord): string {
  const description = (form.get("description") ?? "").trim();
  const answers = readAttributes(form, category.fields);
  const text = [description, answers.join("\n")].filter(Boolean).join("\n\n") || category.name;
  if (text.length > MAX_DESCRIPTION) {
    throw new Open311Error(
      400,
      answers.length
        ? `description and attribute answers together are longer than ${MAX_DESCRIPTION} characters`
        : `description is longer than ${MAX_DESCRIPTION} characters`,
    );
  }
  return text;
}

/** lat and long together, address_string, or address_id (any of them together). The spec requires one. */
function readLocation(form: URLSearchParams): Omit<PostedReport, "description" | "mediaUrl"> {
  const rawLat = form.get("lat");
  const rawLong = form.get("long");
  const address = form.get("address_string")?.trim();
  const addressId = form.get("address_id")?.trim();
  const location: Omit<PostedReport, "description" | "mediaUrl"> = {};
  if (rawLat !== null || rawLong !== null) {
    // A blank lat= is no coordinate: Number("") would make it 0, a point off Africa.
    if (!rawLat?.trim() || !rawLong?.trim()) {
      throw new Open311Error(400, "lat and long must both be given, as WGS84 decimal degrees");
    }
    const lat = Number(rawLat);
    const long = Number(rawLong);
    if (!checkCoordinates(lat, long)) {
      throw new Open311Error(400, "lat and long must both be given, as WGS84 decimal degrees");
    }
    location.lat = lat;
    location.long = long;
  }
  if (address) {
    if (address.length > MAX_ADDRESS) {
      throw new Open311Error(400, `address_string is longer than ${MAX_ADDRESS} characters`);
    }
    location.address = address;
  }
  if (addressId) {
    if (addressId.length > MAX_ADDRESS) {
      throw new Open311Error(400, `address_id is longer than ${MAX_ADDRESS} characters`);
    }
    location.addressId = addressId;
  }
  if (location.lat === undefined && location.address === undefined && location.addressId === undefined) {
    throw new Open311Error(400, "A location is required: lat and long, address_string or address_id");
  }
  return location;
}

/** An http(s) link to the photo, kept as given. */
function readMediaUrl(form: URLSearchParams): string | undefined {
  const raw = form.get("media_url")?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || raw.length > MAX_MEDIA_URL) {
    throw new Open311Error(400, `media_url must be an http or https URL of at most ${MAX_MEDIA_URL} characters`);
  }
  return raw;
}

/** attribute[<code>] answers, checked against the category's fields; as "Question: answer" lines for the officials. */
function readAttributes(form: URLSearchParams, fields: ServiceField[]): string[] {
  const lines: string[] = [];
  for (const field of fields) {
    const values = [...form.getAll(`attribute[${field.code}]`), ...form.getAll(`attribute[${field.code}][]`)]
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0) {
      if (field.required) throw new Open311Error(400, `attribute[${field.code}] is required`);
      continue;
    }
    if (field.values && (field.datatype === "singlevaluelist" || field.datatype === "multivaluelist")) {
      if (field.datatype === "singlevaluelist" && values.length > 1) {
        throw new Open311Error(400, `attribute[${field.code}] takes one value`);
      }
      const names = values.map((value) => field.values!.find((v) => v.key === value)?.name);
      if (names.some((name) => name === undefined)) {
        throw new Open311Error(
          400,
          `attribute[${field.code}] must be one of ${field.values.map((v) => v.key).join(", ")}`,
        );
      }
      lines.push(`${field.description}: ${names.join(", ")}`);
      continue;
    }
    if (field.datatype === "number" && values.some((v) => !Number.isFinite(Number(v)))) {
      throw new Open311Error(400, `attribute[${field.code}] must be a number`);
    }
    lines.push(`${field.description}: ${values.join(", ").slice(0, 500)}`);
  }
  return lines;
}
