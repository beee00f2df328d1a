// When a Discord attachment URL counts as expired: its `ex` (hex Unix
// seconds) has passed or is within a minute; a URL without one is current.
// (The refresh itself runs against the fake in test/e2e/discord/request-photos.test.ts.)
import { describe, expect, it } from "vitest";
import { isExpired } from "../../../adapters/discord/file-download.js";

const at = (seconds: number) =>
  `https://cdn.discordapp.com/attachments/1/2/a.jpg?ex=${seconds.toString(16)}&is=0&hm=ab&`;

describe("isExpired", () => {
  const now = 1_800_000_000_000;
  it("reads ex as hex Unix seconds, with a minute's margin", () => {
    expect(isExpired(at(now / 1000 + 3600), now)).toBe(false);
    expect(isExpired(at(now / 1000 + 30), now)).toBe(true);
    expect(isExpired(at(now / 1000 - 1), now)).toBe(true);
  });
  it("takes a URL without ex, or no URL, as current", () => {
    expect(isExpired("https://cdn.discordapp.com/attachments/1/2/a.jpg", now)).toBe(false);
    expect(isExpired("not a url", now)).toBe(false);
  });
});
