// GeoReport v2's XML: the same documents as the JSON, with the spec's root
// elements and list wrappers (<services><service>…, <service_requests><request>…,
// <errors><error>…). Built with fast-xml-parser's XMLBuilder, which escapes text.
import { XMLBuilder } from "fast-xml-parser";

/** Which document a body is: decides the root element and the name of each list entry. */
export type DocumentKind = "discovery" | "services" | "service_definition" | "requests" | "updates" | "errors";

/** Root element and entry element of the lists that are whole documents. */
const LISTS: Partial<Record<DocumentKind, { root: string; entry: string }>> = {
  services: { root: "services", entry: "service" },
  requests: { root: "service_requests", entry: "request" },
  // FixMyStreet's updates extension.
  updates: { root: "service_requests_updates", entry: "request_update" },
  errors: { root: "errors", entry: "error" },
};

/** Lists inside a document: the wrapper keeps its JSON name, each entry gets the singular. */
const NESTED_ENTRIES: Record<string, string> = {
  endpoints: "endpoint",
  formats: "format",
  attributes: "attribute",
  values: "value",
};

/** Characters XML 1.0 cannot carry at all, not even escaped (a pasted control character, a lone surrogate). */
// A string, not a literal: the lint refuses control characters in a regex literal, and they are what it removes.
// biome-ignore lint/complexity/useRegexLiterals: see above.
const NOT_XML = new RegExp(
  "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  "g",
);

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false });

export function toXml(kind: DocumentKind, body: unknown): string {
  const list = LISTS[kind];
  const tree = list ? { [list.root]: { [list.entry]: (body as unknown[]).map(toNode) } } : { [kind]: toNode(body) };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(tree)}`;
}

/** JSON values as element text: null is an empty element, true is "true". */
function toNode(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (typeof value === "string") return value.replace(NOT_XML, "");
  if (typeof value !== "object") return value;
  const node: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const entry = NESTED_ENTRIES[key];
    node[key] = entry && Array.isArray(child) ? { [entry]: child.map(toNode) } : toNode(child);
  }
  return node;
}
