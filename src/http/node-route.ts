// Serves a neutral HttpRoute (src/core/http-route.ts) on node:http: the
// request becomes plain data, the answer is written back. A HEAD request gets
// the headers without the body.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpRequestData, HttpRoute } from "../core/http-route.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export function requestDataOf(req: IncomingMessage): HttpRequestData {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  return { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers };
}

export function nodeHandlerOf(route: HttpRoute): RouteHandler {
  return async (req, res) => {
    const answer = await route.handle(requestDataOf(req));
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === "HEAD" ? undefined : answer.body);
  };
}
