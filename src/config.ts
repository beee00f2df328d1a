// The whole environment, validated once at start. A bad value stops the bot
// with one line per problem naming the variable and what it accepts.
import { IANAZone } from "luxon";
import { z } from "zod";

const databaseUrl = z.string().refine((v) => /^file:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
  message: "must be file:<path> (SQLite) or postgres://user@host:port/db (PostgreSQL)",
});

const optionalUrl = z
  .string()
  .url({ message: "must be a URL such as https://example.org/path" })
  .transform((v) => v.replace(/\/+$/, ""))
  .optional();

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const LOCALES = ["en", "fi", "sv"] as const;
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.join(", ")}` });

/**
 * A value copied from an example and never filled in: "xoxb-...", "<token>",
 * "your-token-here", "changeme". Named as a placeholder rather than as a
 * malformed token, which would send people looking for a typo.
 */
export function isPlaceholder(value: string): boolean {
  return (
    /\.\.\.|…|<[^>]*>/.test(value) ||
    /^(changeme|change-me|replace-?me|todo|x{3,}|your[-_ ].*|.*[-_ ]here)$/i.test(value) ||
    /-x{3,}$/i.test(value)
  );
}
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

function retentionDays() {
  return optional(
    z.coerce
      .number({ message: "must be a whole number of days from 1 to 3650" })
      .int({ message: "must be a whole number of days from 1 to 3650" })
      .min(1, { message: "must be a whole number of days from 1 to 3650" })
      .max(3650, { message: "must be a whole number of days from 1 to 3650" }),
  );
}

export const configSchema = z.object({
  DATABASE_URL: z.preprocess(emptyToUndefined, databaseUrl.default("file:./data/talkoot.db")),
  LOG_LEVEL: z.preprocess(emptyToUndefined, oneOf(LOG_LEVELS).default("info")),
  HTTP_PORT: optional(
    z.coerce.number({ message: "must be a port number" }).int().min(0).max(65535, { message: "must be a port number" }),
  ),
  HTTP_HOST: z.preprocess(emptyToUndefined, z.string().default("0.0.0.0")),
  /** Where people reach the HTTP server (https://bot.example.org): links the bot gives start with it. */
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, optionalUrl),
  DEFAULT_TIMEZONE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), {
        message: "must be a known IANA time zone such as Europe/Helsinki or Europe/Stockholm",
      })
      .default("Europe/Helsinki"),
  ),
  DEFAULT_LOCALE: z.preprocess(emptyToUndefined, oneOf(LOCALES).default("en")),
  SCHEDULER_TICK_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "must be a whole number of seconds from 1 to 3600" })
      .int({ message: "must be a whole number of seconds from 1 to 3600" })
      .min(1, { message: "must be a whole number of seconds from 1 to 3600" })
      .max(3600, { message: "must be a whole number of seconds from 1 to 3600" })
      .default(15),
  ),
  TELEGRAM_BOT_TOKEN: optional(
    z.string().regex(/^\d{5,}:[A-Za-z0-9_-]{30,}$/, { message: "must look like 123456789:AA… (from @BotFather)" }),
  ),
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, optionalUrl),
  TELEGRAM_WEBHOOK_URL: z.preprocess(emptyToUndefined, optionalUrl),
  TELEGRAM_WEBHOOK_SECRET: optional(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, { message: "must be 1-256 characters of A-Z, a-z, 0-9, _ and -" }),
  ),
  /** Telegram updates handled at once; a burst's later updates wait their turn, so earlier ones finish first. */
  TELEGRAM_UPDATES_IN_FLIGHT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "must be a whole number from 1 to 1000" })
      .int({ message: "must be a whole number from 1 to 1000" })
      .min(1, { message: "must be a whole number from 1 to 1000" })
      .max(1000, { message: "must be a whole number from 1 to 1000" })
      .default(16),
  ),
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, { message: "must start with xoxb-" })),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-[A-Za-z0-9-]+$/, { message: "must start with xapp-" })),
  SLACK_SIGNING_SECRET: optional(
    z.string().regex(/^[a-f0-9]{16,}$/i, { message: "must be the app's hex signing secret" }),
  ),
  SLACK_API_URL: z.preprocess(emptyToUndefined, optionalUrl),
  DISCORD_TOKEN: optional(
    z.string().regex(/^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/, {
      message: "must be a bot token (three dot-separated parts)",
    }),
  ),
  DISCORD_APPLICATION_ID: optional(
    z.string().regex(/^\d{17,20}$/, { message: "must be the application's id (a number, from the Developer Portal)" }),
  ),
  DISCORD_API_URL: z.preprocess(emptyToUndefined, optionalUrl),
  /** Unset: one shard, or the shards discord.js's ShardingManager gives this process. */
  DISCORD_SHARDS: optional(
    z.union([z.literal("auto"), z.coerce.number().int().min(1).max(4096)], {
      message: "must be auto or a number of shards",
    }),
  ),
  DISCORD_REGISTER_ON_START: optional(
    z.string().regex(/^(global|guild:\d{17,20})$/, { message: "must be guild:<server id> or global" }),
  ),
  CONSOLE: optional(z.enum(["on", "off"], { message: "must be on or off" })),
  /** Keys that must not follow from the database alone (anonymous ballots) derive from this; see server-secret.ts. */
  TALKOOT_SECRET: optional(
    z.string().min(32, { message: "must be at least 32 characters (e.g. the output of openssl rand -hex 32)" }),
  ),
  /** "production" makes TALKOOT_SECRET required. */
  NODE_ENV: optional(z.string()),
  /** Request categories and contacts to seed (YAML or JSON); unset by default. */
  TALKOOT_CONFIG_FILE: optional(z.string().min(1)),
  /** Who answers privacy questions (an e-mail address or a web page); /privacy shows it. */
  PRIVACY_CONTACT: optional(z.string().trim().min(3).max(200, { message: "must be at most 200 characters" })),
  // Retention periods in days (README, "Privacy"); the defaults are in src/scheduler/retention.ts.
  RETENTION_PROCESSED_EVENTS_DAYS: retentionDays(),
  RETENTION_SENT_OUTBOX_DAYS: retentionDays(),
  RETENTION_CLOSED_REQUEST_TEXT_DAYS: retentionDays(),
  RETENTION_DECLINED_HOURS_NOTES_DAYS: retentionDays(),
  RETENTION_EXPIRED_CODES_DAYS: retentionDays(),
  /**
   * Moves the bot's clock forward by this many seconds. For the fault suite: a
   * restarted process then sees a long downtime (stale claims, due jobs)
   * without the suite waiting minutes. Never set in production.
   */
  TALKOOT_CLOCK_OFFSET_SECONDS: optional(
    z.coerce
      .number({ message: "must be a whole number of seconds from 0 to 31536000" })
      .int({ message: "must be a whole number of seconds from 0 to 31536000" })
      .min(0, { message: "must be a whole number of seconds from 0 to 31536000" })
      .max(31_536_000, { message: "must be a whole number of seconds from 0 to 31536000" }),
  ),
});

export type Config = z.infer<typeof configSchema>;

/** Rules that tie variables together, checked after each one is valid alone. */
function crossChecks(config: Config): string[] {
  const problems: string[] = [];
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    problems.push(
      "config error: SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)",
    );
  }
  if (
    config.SLACK_SIGNING_SECRET &&
    !config.SLACK_APP_TOKEN &&
    config.SLACK_BOT_TOKEN &&
    config.HTTP_PORT === undefined
  ) {
    problems.push(
      "config error: HTTP_PORT is needed for Slack's HTTP mode (SLACK_SIGNING_SECRET without SLACK_APP_TOKEN)",
    );
  }
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    problems.push(
      "config error: TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET (1-256 characters of A-Z, a-z, 0-9, _ and -)",
    );
  }
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) {
    problems.push("config error: DISCORD_TOKEN needs DISCORD_APPLICATION_ID (Developer Portal → General Information)");
  }
  if (config.TELEGRAM_WEBHOOK_URL && config.HTTP_PORT === undefined) {
    problems.push("config error: HTTP_PORT is needed for Telegram's webhook mode (TELEGRAM_WEBHOOK_URL)");
  }
  if (config.NODE_ENV === "production" && !config.TALKOOT_SECRET) {
    problems.push(
      "config error: TALKOOT_SECRET is required when NODE_ENV=production (at least 32 random characters, e.g. openssl rand -hex 32)",
    );
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "ConfigError";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const placeholders = Object.keys(configSchema.shape).filter((name) => {
    const value = env[name];
    return value !== undefined && isPlaceholder(value);
  });
  // Only the variable's name: a half-filled value may still hold part of a secret.
  const placeholderLines = placeholders.map(
    (name) => `config error: ${name} is still a placeholder from an example; put the real value there`,
  );
  const parsed = configSchema.safeParse(env);
  if (parsed.success) {
    const problems = placeholderLines.length ? placeholderLines : crossChecks(parsed.data);
    if (problems.length) throw new ConfigError(problems);
    return parsed.data;
  }
  const lines = parsed.error.issues
    .map((issue) => ({ name: String(issue.path[0] ?? "config"), message: issue.message }))
    .filter(({ name }) => !placeholders.includes(name))
    // Tokens never appear in the message; only what is expected.
    .map(({ name, message }) => `config error: ${name} ${message}`);
  throw new ConfigError([...new Set([...placeholderLines, ...lines])]);
}

/**
 * Every secret value in the configuration, for the logger to remove from
 * every line: platform tokens, signing and webhook secrets, and the database
 * password (as written in the URL and decoded).
 */
export function secretsOf(config: Config): string[] {
  const secrets = [
    config.TELEGRAM_BOT_TOKEN,
    config.TELEGRAM_WEBHOOK_SECRET,
    config.SLACK_BOT_TOKEN,
    config.SLACK_APP_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.DISCORD_TOKEN,
    config.TALKOOT_SECRET,
    ...databasePasswordOf(config.DATABASE_URL),
  ];
  return secrets.filter((secret): secret is string => !!secret);
}

function databasePasswordOf(url: string): string[] {
  if (!/^postgres(ql)?:\/\//.test(url)) return [];
  try {
    const password = new URL(url).password;
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

/** The variable that turns each platform on, for error lines. */
const PLATFORM_SWITCHES: Record<string, keyof Config> = {
  telegram: "TELEGRAM_BOT_TOKEN",
  slack: "SLACK_BOT_TOKEN",
  discord: "DISCORD_TOKEN",
  console: "CONSOLE",
};

/**
 * Checks that every platform the configuration turns on got an adapter: a
 * token for a platform this build has none for must not start a bot that
 * silently serves nobody. One line naming them; never a token's value.
 */
export function requireAdapters(enabled: readonly string[], built: readonly string[]): void {
  const missing = enabled.filter((platform) => !built.includes(platform));
  if (!missing.length) return;
  const named = missing.map((platform) => {
    const variable = PLATFORM_SWITCHES[platform];
    return variable ? `${platform} (${variable} is set)` : platform;
  });
  throw new ConfigError([
    `config error: this build has no adapter for ${named.join(", ")}; unset it or use a build that has one`,
  ]);
}

/** The platform adapters this configuration turns on. */
export function enabledPlatforms(config: Config): string[] {
  const platforms: string[] = [];
  if (config.TELEGRAM_BOT_TOKEN) platforms.push("telegram");
  if (config.SLACK_BOT_TOKEN) platforms.push("slack");
  if (config.DISCORD_TOKEN) platforms.push("discord");
  // The console runs when no platform is configured, or when asked for.
  if (config.CONSOLE === "on" || (platforms.length === 0 && config.CONSOLE !== "off")) platforms.push("console");
  return platforms;
}
