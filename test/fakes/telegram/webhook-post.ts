// One webhook delivery attempt, as Telegram makes it: POST of the Update as
// JSON, with X-Telegram-Bot-Api-Secret-Token when a secret is set.
// Uses node:http with a fresh connection per attempt (no keep-alive agent),
// so nothing stays open after the fake stops.
import http from "node:http";
import https from "node:https";

export interface WebhookPostResult {
  status: number | null;
  /** Telegram-style last_error_message when the attempt failed */
  error?: string;
  /** response body, used for "webhook replies" (a method call in the response) */
  body: string;
}

export function postUpdate(
  url: string,
  payload: string,
  secretToken: string | undefined,
  signal: AbortSignal,
  timeoutMs = 60_000,
): Promise<WebhookPostResult> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const lib = target.protocol === "https:" ? https : http;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(payload)),
      connection: "close",
    };
    if (secretToken !== undefined) headers["x-telegram-bot-api-secret-token"] = secretToken;
    const req = lib.request(target, { method: "POST", headers, agent: false, signal, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString("utf8");
        if (status >= 200 && status < 300) resolve({ status, body });
        else {
          resolve({
            status,
            body,
            error: `Wrong response from the webhook: ${status} ${http.STATUS_CODES[status] ?? ""}`.trimEnd(),
          });
        }
      });
      res.on("error", (e: Error) => resolve({ status: null, body: "", error: e.message }));
    });
    req.on("timeout", () => req.destroy(new Error("Read timeout expired")));
    req.on("error", (e: NodeJS.ErrnoException) => {
      const error = e.code === "ECONNREFUSED" ? "Connection refused" : e.message;
      resolve({ status: null, body: "", error });
    });
    req.end(payload);
  });
}
