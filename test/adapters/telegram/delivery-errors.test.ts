// Bot API failures as DeliveryError: wait, give up, or try again later.
import assert from "node:assert/strict";
import { GrammyError, HttpError } from "grammy";
import { it } from "vitest";
import { isNotModified, toDeliveryError } from "../../../adapters/telegram/delivery-errors.js";

function apiError(code: number, description: string, retryAfter?: number, migrateTo?: number): GrammyError {
  const parameters = {
    ...(retryAfter === undefined ? {} : { retry_after: retryAfter }),
    ...(migrateTo === undefined ? {} : { migrate_to_chat_id: migrateTo }),
  };
  return new GrammyError("call failed", { ok: false, error_code: code, description, parameters }, "sendMessage", {});
}

it("429 carries Telegram's retry_after in milliseconds and is not permanent", () => {
  const error = toDeliveryError(apiError(429, "Too Many Requests: retry after 7", 7), "sendMessage");
  assert.equal(error.retryAfterMs, 7_000);
  assert.equal(error.permanent, false);
  assert.match(error.message, /^telegram: sendMessage failed: 429 Too Many Requests/);
});

it("400 and 403 are permanent: the chat is gone, the bot blocked, the request wrong", () => {
  assert.equal(toDeliveryError(apiError(400, "Bad Request: chat not found"), "x").permanent, true);
  assert.equal(toDeliveryError(apiError(403, "Forbidden: bot was blocked by the user"), "x").permanent, true);
});

it("5xx, 401 and network errors are worth another try later", () => {
  assert.equal(toDeliveryError(apiError(502, "Bad Gateway"), "x").permanent, false);
  assert.equal(toDeliveryError(apiError(401, "Unauthorized"), "x").permanent, false);
  const network = toDeliveryError(new HttpError("Network request for 'sendMessage' failed!", new Error("reset")), "x");
  assert.equal(network.permanent, false);
  assert.equal(network.retryAfterMs, undefined);
});

it("knows Telegram's 'message is not modified'", () => {
  assert.equal(
    isNotModified(apiError(400, "Bad Request: message is not modified: specified new message content")),
    true,
  );
  assert.equal(isNotModified(apiError(400, "Bad Request: message to edit not found")), false);
});

it("an upgraded group's 400 names the new chat, namespaced", () => {
  const error = toDeliveryError(
    apiError(400, "Bad Request: group chat was upgraded to a supergroup chat", undefined, -100777),
    "sendMessage",
  );
  assert.equal(error.movedTo, "telegram:-100777");
  assert.equal(error.unreachable, undefined);
});

it("kicked, not a member, or chat not found make the chat unreachable; a blocked private chat does not", () => {
  const kicked = toDeliveryError(apiError(403, "Forbidden: bot was kicked from the supergroup chat"), "x");
  assert.equal(kicked.unreachable, "kicked");
  assert.equal(kicked.permanent, true);
  assert.equal(
    toDeliveryError(apiError(403, "Forbidden: bot is not a member of the group chat"), "x").unreachable,
    "removed",
  );
  assert.equal(toDeliveryError(apiError(400, "Bad Request: chat not found"), "x").unreachable, "not_found");
  assert.equal(toDeliveryError(apiError(403, "Forbidden: bot was blocked by the user"), "x").unreachable, undefined);
});
