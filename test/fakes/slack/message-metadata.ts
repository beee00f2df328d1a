// Message metadata on chat.postMessage, checked as Slack checks it: a JSON
// object (a string of JSON in a form body) with a string `event_type` and an
// object `event_payload`; anything else is refused and nothing is posted.
// Slack returns a message's metadata from conversations.history/replies only
// when asked with include_all_metadata (history.ts).
import type { JsonObject, JsonValue } from "./types.js";
import { ApiError } from "./web-api.js";

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The `metadata` argument as Slack would store it, or undefined when absent. */
export function metadataArg(params: Record<string, JsonValue>): JsonObject | undefined {
  const raw = params.metadata;
  if (raw === undefined || raw === null || raw === "") return undefined;
  let value: JsonValue = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      throw new ApiError("invalid_metadata_format");
    }
  }
  if (!isObject(value)) throw new ApiError("invalid_metadata_format");
  const { event_type, event_payload } = value;
  if (typeof event_type !== "string" || event_type === "" || !isObject(event_payload)) {
    throw new ApiError("invalid_metadata_schema");
  }
  return { event_type, event_payload };
}
