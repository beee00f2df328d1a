// A GeoReport v2 client written only from the specification
// (https://wiki.open311.org/GeoReport_v2), as a city's tool would be: it
// finds the endpoint through discovery, then speaks JSON or XML. XML is read
// with @xmldom/xmldom, a parser independent of the one the server writes with,
// and turned into the same shape as the JSON by the spec's element names:
// a list wrapper holds one element per entry, and every value is text.
import { DOMParser, type Element } from "@xmldom/xmldom";
import { type OnceInit, requestOnce } from "./request-once.js";

export type Format = "json" | "xml";

/** The spec's documents that are lists, by root element, with the name of each entry. */
const ROOT_LISTS: Record<string, string> = {
  services: "service",
  service_requests: "request",
  service_requests_updates: "request_update",
  errors: "error",
};

/** Lists inside a document (discovery's endpoints and formats, a definition's attributes and values). */
const NESTED_LISTS: Record<string, string> = {
  endpoints: "endpoint",
  formats: "format",
  attributes: "attribute",
  values: "value",
};

const CONTENT_TYPES: Record<Format, string> = { json: "application/json", xml: "text/xml" };

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Entry = Record<string, Value>;

export interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  /** The document: JSON as sent; XML in the same shape, with every value as text. */
  body: Value;
  /** The root element of an XML answer. */
  root?: string;
}

export class GeoReportClient {
  private constructor(
    /** The endpoint's base URL, ending in "/", from discovery. */
    readonly endpoint: string,
    readonly format: Format,
    private readonly jurisdictionId: string | undefined,
  ) {}

  /** Reads discovery and picks the production endpoint that serves the format. */
  static async discover(discoveryUrl: string, format: Format, jurisdictionId?: string): Promise<GeoReportClient> {
    const answer = await request(discoveryUrl, format);
    if (answer.status !== 200) throw new Error(`discovery answered ${answer.status}`);
    const endpoints = (answer.body as Entry).endpoints as Entry[];
    const wanted = CONTENT_TYPES[format];
    const endpoint = endpoints.find(
      (e) => e.type === "production" && (e.formats as string[]).some((f) => f.startsWith(wanted)),
    );
    if (!endpoint) throw new Error(`no production endpoint serves ${wanted}`);
    return new GeoReportClient(String(endpoint.url), format, jurisdictionId);
  }

  services(): Promise<Answer> {
    return this.get("services");
  }

  serviceDefinition(serviceCode: string): Promise<Answer> {
    return this.get(`services/${encodeURIComponent(serviceCode)}`);
  }

  requests(filters: Record<string, string> = {}): Promise<Answer> {
    return this.get("requests", filters);
  }

  request(serviceRequestId: string): Promise<Answer> {
    return this.get(`requests/${encodeURIComponent(serviceRequestId)}`);
  }

  updates(filters: Record<string, string> = {}): Promise<Answer> {
    return this.get("servicerequestupdates", filters);
  }

  /** POST Service Request: the fields form-encoded, as the spec sends them. */
  post(fields: Record<string, string>): Promise<Answer> {
    const form = new URLSearchParams(this.jurisdictionId ? { jurisdiction_id: this.jurisdictionId } : {});
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    return request(`${this.endpoint}requests.${this.format}`, this.format, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: form.toString(),
    });
  }

  private get(resource: string, query: Record<string, string> = {}): Promise<Answer> {
    const params = new URLSearchParams(this.jurisdictionId ? { jurisdiction_id: this.jurisdictionId } : {});
    for (const [key, value] of Object.entries(query)) params.set(key, value);
    const search = params.size ? `?${params}` : "";
    return request(`${this.endpoint}${resource}.${this.format}${search}`, this.format);
  }
}

/** Any Open311 URL in either format; XML answers are parsed into the JSON's shape. */
export async function request(url: string, format: Format, init?: OnceInit): Promise<Answer> {
  const res = await requestOnce(url, init);
  const text = res.text;
  const contentType = res.headers.get("content-type") ?? "";
  const answer = { status: res.status, contentType, retryAfter: res.headers.get("retry-after") };
  if (format === "json") return { ...answer, body: JSON.parse(text) as Value };
  const { root, body } = parseXml(text);
  return { ...answer, root, body };
}

export function parseXml(text: string): { root: string; body: Value } {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(text, "text/xml");
  const root = document.documentElement;
  if (!root) throw new Error("XML without a root element");
  const entry = ROOT_LISTS[root.tagName];
  return { root: root.tagName, body: entry ? listOf(root, entry) : read(root) };
}

function read(element: Element): Value {
  const children = childElements(element);
  const entry = NESTED_LISTS[element.tagName];
  if (entry) return listOf(element, entry);
  if (children.length === 0) return element.textContent ?? "";
  const out: Entry = {};
  for (const child of children) {
    if (child.tagName in out) throw new Error(`<${child.tagName}> twice in <${element.tagName}>`);
    out[child.tagName] = read(child);
  }
  return out;
}

function listOf(element: Element, entry: string): Value[] {
  return childElements(element).map((child) => {
    if (child.tagName !== entry) throw new Error(`<${child.tagName}> in <${element.tagName}>, expected <${entry}>`);
    return read(child);
  });
}

function childElements(element: Element): Element[] {
  const out: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) out.push(node as Element);
  }
  return out;
}

/** A JSON document as XML carries it: every value as text, null as empty. */
export function asXmlText(value: Value): Value {
  if (value === null) return "";
  if (Array.isArray(value)) return value.map(asXmlText);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asXmlText(v)]));
  return String(value);
}
