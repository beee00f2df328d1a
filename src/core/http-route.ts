// An HTTP route that a feature serves without knowing the server: the request
// comes in as plain data and the answer goes out as plain data. src/http
// adapts it to node:http, so features never import it.

export interface HttpRequestData {
  method: string;
  /** The path, without the query: "/cal/abc.ics". */
  path: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | undefined>>;
}

export interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Left out of the response to a HEAD request by the server. */
  body?: string | Uint8Array;
}

export interface HttpRoute {
  /** Every path under this prefix ("/cal") is this route's, 404s included. */
  prefix: string;
  handle(request: HttpRequestData): Promise<HttpAnswer>;
}

export function textAnswer(status: number, text: string, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body: text };
}
