import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { isGroupChat, telegramSendLimits } from "../../../adapters/telegram/send-limits.js";

describe("telegramSendLimits", () => {
  it("is 1/s in a private chat, and also 20/min in a group", () => {
    assert.deepEqual(telegramSendLimits("telegram:-100123"), [
      { limit: 1, windowMs: 1_000 },
      { limit: 20, windowMs: 60_000 },
    ]);
    assert.deepEqual(telegramSendLimits("telegram:42"), [{ limit: 1, windowMs: 1_000 }]);
  });

  it("knows a group by its negative id", () => {
    assert.equal(isGroupChat("telegram:-1"), true);
    assert.equal(isGroupChat("telegram:1"), false);
    assert.equal(isGroupChat("-5"), true);
  });
});
