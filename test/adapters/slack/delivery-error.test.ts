// delivery-error.ts: which Web API failures the outbox waits out, retries, or drops.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { chatChangeOf } from "../../../adapters/slack/chat-events.js";
import { toDeliveryError } from "../../../adapters/slack/delivery-error.js";
import { DeliveryError } from "../../../src/core/adapter.js";

const platform = (error: string) => ({ code: "slack_webapi_platform_error", data: { ok: false, error } });

describe("toDeliveryError", () => {
  it("carries Slack's Retry-After from a 429", () => {
    const error = toDeliveryError("chat.postMessage", { code: "slack_webapi_rate_limited_error", retryAfter: 30 });
    assert.equal(error.retryAfterMs, 30_000);
    assert.equal(error.permanent, false);
  });

  it("waits about a second for an ok:false ratelimited that came without a header", () => {
    assert.equal(toDeliveryError("chat.update", platform("ratelimited")).retryAfterMs, 1000);
  });

  it("gives up on errors a retry cannot cure, and retries Slack's own trouble", () => {
    for (const name of ["channel_not_found", "not_in_channel", "invalid_blocks", "is_archived", "msg_too_long"]) {
      assert.equal(toDeliveryError("chat.postMessage", platform(name)).permanent, true, name);
    }
    for (const name of ["internal_error", "fatal_error", "service_unavailable", "request_timeout"]) {
      assert.equal(toDeliveryError("chat.postMessage", platform(name)).permanent, false, name);
    }
    assert.match(toDeliveryError("chat.postMessage", platform("not_in_channel")).message, /\(not_in_channel\)/);
  });

  it("retries 5xx and network failures; a 4xx is permanent", () => {
    assert.equal(toDeliveryError("x", { code: "slack_webapi_http_error", statusCode: 503 }).permanent, false);
    assert.equal(toDeliveryError("x", { code: "slack_webapi_http_error", statusCode: 404 }).permanent, true);
    assert.equal(toDeliveryError("x", { code: "slack_webapi_request_error" }).permanent, false);
    assert.equal(toDeliveryError("x", new Error("socket hang up")).permanent, false);
  });

  it("passes a DeliveryError through unchanged", () => {
    const original = new DeliveryError("already", { permanent: true });
    assert.equal(toDeliveryError("x", original), original);
  });
});

describe("a channel the bot cannot post in", () => {
  it("not_in_channel, is_archived and channel_not_found say why; other errors do not", () => {
    const reason = (name: string) => toDeliveryError("chat.postMessage", platform(name)).unreachable;
    assert.equal(reason("not_in_channel"), "removed");
    assert.equal(reason("is_archived"), "archived");
    assert.equal(reason("channel_not_found"), "not_found");
    assert.equal(reason("invalid_blocks"), undefined);
    assert.equal(reason("internal_error"), undefined);
  });

  it("channel_left, group_left, archives and the bot joining are chat changes; someone else joining is not", () => {
    const at = (type: string, user?: string) => chatChangeOf({ type, channel: "C1", user }, "T1", "UBOT");
    assert.deepEqual(at("channel_left"), {
      kind: "unreachable",
      platform: "slack",
      chatId: "slack:T1:C1",
      reason: "removed",
    });
    assert.deepEqual(at("group_left"), {
      kind: "unreachable",
      platform: "slack",
      chatId: "slack:T1:C1",
      reason: "removed",
    });
    assert.equal(at("channel_archive")?.kind, "unreachable");
    assert.equal(at("group_archive")?.kind, "unreachable");
    assert.deepEqual(at("member_joined_channel", "UBOT"), {
      kind: "reachable",
      platform: "slack",
      chatId: "slack:T1:C1",
    });
    assert.equal(at("member_joined_channel", "UAINO"), undefined);
  });
});
