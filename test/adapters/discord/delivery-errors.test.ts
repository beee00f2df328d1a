// discord.js failures as DeliveryErrors, and start-up failures as one line.
import { DiscordAPIError, GatewayCloseCodes, HTTPError, RateLimitError } from "discord.js";
import { describe, expect, it } from "vitest";
import { toDeliveryError } from "../../../adapters/discord/delivery-errors.js";
import { INTENTS_DISALLOWED, startFailureLine, TOKEN_REJECTED } from "../../../adapters/discord/startup-errors.js";

const apiError = (status: number, code: number, extra: object = {}) =>
  new DiscordAPIError({ code, message: "nope", ...extra }, code, status, "POST", "/channels/1/messages", {});

describe("Discord delivery errors", () => {
  it("waits as long as Discord asks on a 429", () => {
    const limited = new RateLimitError({
      timeToReset: 30_000,
      limit: 5,
      method: "POST",
      hash: "h",
      url: "u",
      route: "/channels/:id/messages",
      majorParameter: "1",
      global: false,
      retryAfter: 30_000,
      sublimitTimeout: 0,
      scope: "user",
    });
    expect(toDeliveryError(limited, "send").retryAfterMs).toBe(30_000);
    expect(toDeliveryError(apiError(429, 0, { retry_after: 1.5 }), "send").retryAfterMs).toBe(1500);
  });

  it("gives up on what no retry cures", () => {
    for (const [status, code] of [
      [403, 50001],
      [404, 10003],
      [403, 50007],
      [403, 50013],
      [400, 50035],
    ] as const) {
      expect(toDeliveryError(apiError(status, code), "send").permanent).toBe(true);
    }
  });

  it("retries server errors and the network", () => {
    expect(toDeliveryError(new HTTPError(502, "Bad Gateway", "POST", "u", {}), "send").permanent).toBe(false);
    expect(toDeliveryError(new Error("socket hang up"), "send").permanent).toBe(false);
  });

  it("says in one line what to fix when the gateway refuses, never the token", () => {
    expect(startFailureLine(new Error("Used disallowed intents"), undefined)).toBe(INTENTS_DISALLOWED);
    expect(startFailureLine(new Error("x"), GatewayCloseCodes.DisallowedIntents)).toBe(INTENTS_DISALLOWED);
    expect(startFailureLine(new Error("Authentication failed"), undefined)).toBe(TOKEN_REJECTED);
    expect(INTENTS_DISALLOWED).not.toContain("\n");
    expect(startFailureLine(new Error("connect ECONNREFUSED\nstack"), undefined)).toBe(
      "discord: cannot connect to the gateway (connect ECONNREFUSED)",
    );
  });
});
