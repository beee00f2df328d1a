// Bolt, the Web API client and the Socket Mode client log through this: one
// pino stream for the whole bot, with the level the operator chose
// (LOG_LEVEL). pino's redaction applies; Bolt itself never logs tokens.
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../../src/core/logger.js";

export function boltLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: "slack" });
  const write = (level: "debug" | "info" | "warn" | "error", parts: unknown[]) => {
    const err = parts.find((p): p is Error => p instanceof Error);
    const text = parts
      .filter((p) => p !== err)
      .map((p) => (typeof p === "string" ? p : safeJson(p)))
      .join(" ");
    if (err) child[level]({ err }, text || err.message);
    else child[level](text);
  };
  return {
    debug: (...parts: unknown[]) => write("debug", parts),
    info: (...parts: unknown[]) => write("info", parts),
    warn: (...parts: unknown[]) => write("warn", parts),
    error: (...parts: unknown[]) => write("error", parts),
    // The level is LOG_LEVEL's; Bolt asking for another one is ignored.
    setLevel: () => {},
    getLevel: () => slackLevelOf(logger.level),
    setName: (name: string) => {
      child = logger.child({ component: "slack", part: name });
    },
  };
}

function slackLevelOf(level: string): LogLevel {
  switch (level) {
    case "trace":
    case "debug":
      return LogLevel.DEBUG;
    case "info":
      return LogLevel.INFO;
    case "warn":
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
