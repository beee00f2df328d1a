// One HTTP request on its own connection (Connection: close, no agent).
// fetch keeps connections alive, and on a loaded machine a request can go out
// on a connection the server is closing after its 5-second keep-alive, which
// fails with "other side closed"; the fakes post the same way for that reason.
import { request } from "node:http";

export interface OnceInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
}

export interface OnceResult {
  status: number;
  headers: Headers;
  text: string;
}

export function requestOnce(url: string, init: OnceInit = {}): Promise<OnceResult> {
  const body = init.body === undefined ? undefined : Buffer.from(String(init.body));
  const headers: Record<string, string> = {
    ...(init.body instanceof URLSearchParams ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    ...init.headers,
    connection: "close",
  };
  if (body) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
