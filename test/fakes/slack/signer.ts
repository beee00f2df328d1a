// Slack's request signing for HTTP delivery (Events API, interactivity, slash
// commands): x-slack-signature = "v0=" + hex(HMAC-SHA256(secret,
// "v0:" + timestamp + ":" + raw body)), with x-slack-request-timestamp.

import { createHmac } from "node:crypto";
import { request } from "node:http";
import type { HttpResult } from "./types.js";

export function computeSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return `v0=${mac}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. An old one tests staleness checks. */
  timestamp?: number;
  /** Sign with this value instead of the real signature (a forged request). */
  signatureOverride?: string;
  retryNum?: number;
  retryReason?: string;
  /** Slack gives up on a receiver after 3 s; 0 waits forever. */
  timeoutMs?: number;
}

/**
 * POSTs a signed body. Uses node:http with a fresh connection per request, so
 * no keep-alive socket outlives the test.
 */
export function signedPost(
  url: string,
  body: string,
  contentType: string,
  opts: SignedPostOptions,
): Promise<HttpResult> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": contentType,
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": opts.signatureOverride ?? computeSignature(opts.secret, timestamp, body),
    connection: "close",
  };
  if (opts.retryNum !== undefined) headers["x-slack-retry-num"] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers["x-slack-retry-reason"] = opts.retryReason;

  return new Promise((resolve, reject) => {
    let settled = false;
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const outHeaders: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) outHeaders[k] = Array.isArray(v) ? v.join(", ") : v;
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: outHeaders,
          body: Buffer.concat(chunks).toString("utf8"),
          timedOut: false,
        });
      });
    });
    const timer =
      opts.timeoutMs && opts.timeoutMs > 0
        ? setTimeout(() => {
            if (settled) return;
            settled = true;
            req.destroy();
            resolve({ status: 0, headers: {}, body: "", timedOut: true });
          }, opts.timeoutMs)
        : undefined;
    req.on("error", (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}
