// The DISCORD_* variables: validated once, each problem one line that never
// shows the token.
import { describe, expect, it } from "vitest";
import { parseRegisterTarget } from "../../../adapters/discord/registration.js";
import { ConfigError, loadConfig } from "../../../src/config.js";

const TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.GfAkEx.discord-test-token-0123456789";
const linesOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.lines : [String(error)];
  }
};

describe("Discord configuration", () => {
  it("takes a token with its application id, shards and a register target", () => {
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: "1000000000000000001",
      DISCORD_API_URL: "http://127.0.0.1:8080/api/",
      DISCORD_SHARDS: "4",
      DISCORD_REGISTER_ON_START: "guild:123456789012345678",
    });
    expect(config.DISCORD_API_URL).toBe("http://127.0.0.1:8080/api");
    expect(config.DISCORD_SHARDS).toBe(4);
    expect(loadConfig({ DISCORD_SHARDS: "auto" }).DISCORD_SHARDS).toBe("auto");
    expect(loadConfig({}).DISCORD_SHARDS).toBeUndefined();
  });

  it("stops on bad values with one line each, never echoing the token", () => {
    const lines = linesOf({
      DISCORD_TOKEN: "not a token secret-value",
      DISCORD_SHARDS: "many",
      DISCORD_REGISTER_ON_START: "everywhere",
      DISCORD_API_URL: "nope",
    });
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain("secret-value");
    expect(lines.join("\n")).toMatch(/DISCORD_SHARDS must be auto or a number of shards/);
    expect(lines.join("\n")).toMatch(/DISCORD_REGISTER_ON_START must be guild:<server id> or global/);
    expect(linesOf({ DISCORD_TOKEN: TOKEN })).toEqual([
      "config error: DISCORD_TOKEN needs DISCORD_APPLICATION_ID (Developer Portal → General Information)",
    ]);
  });

  it("reads the register target", () => {
    expect(parseRegisterTarget("global")).toEqual({ scope: "global" });
    expect(parseRegisterTarget("guild:123456789012345678")).toEqual({ scope: "guild", guildId: "123456789012345678" });
    expect(parseRegisterTarget(undefined)).toBeUndefined();
  });
});
