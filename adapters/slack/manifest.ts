// The Slack app manifest (adapters/slack/manifest.yaml, found from the project
// root so that compiled code in dist/ reads the same file): the scopes the
// adapter checks at start come from it, so the manifest and the check cannot
// disagree. For HTTP mode the request URLs are filled in and Socket Mode is
// turned off.
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { projectPath } from "../../src/project-root.js";

export const MANIFEST_PATH = projectPath("adapters", "slack", "manifest.yaml");
/** Where the backbone mounts the adapter's HTTP handler. */
export const SLACK_EVENTS_PATH = "/slack/events";

let cachedText: string | undefined;

export function manifestText(): string {
  cachedText ??= readFileSync(MANIFEST_PATH, "utf8");
  return cachedText;
}

/**
 * Scopes the manifest asks for that Talkoot runs without: reading recent
 * messages lets a send whose answer was lost be found instead of posted
 * again (delivered-lookup.ts). An app installed before they were asked for
 * keeps working, with a warning at start. (im:history is required anyway,
 * for commands in the bot's DM.)
 */
export const OPTIONAL_BOT_SCOPES: readonly string[] = ["channels:history", "groups:history", "mpim:history"];

/** Every bot token scope the app asks for, in manifest order. */
export function manifestBotScopes(): string[] {
  const scopes = parseDocument(manifestText()).getIn(["oauth_config", "scopes", "bot"]);
  const list = (scopes as { toJSON?: () => unknown } | undefined)?.toJSON?.();
  if (!Array.isArray(list) || !list.every((s): s is string => typeof s === "string")) {
    throw new Error("adapters/slack/manifest.yaml has no oauth_config.scopes.bot list");
  }
  return list;
}

/** The scopes start() refuses to run without, in manifest order. */
export function requiredBotScopes(): string[] {
  return manifestBotScopes().filter((scope) => !OPTIONAL_BOT_SCOPES.includes(scope));
}

/** The scopes the manifest asks for that start() only warns about. */
export function optionalBotScopes(): string[] {
  return manifestBotScopes().filter((scope) => OPTIONAL_BOT_SCOPES.includes(scope));
}

/** The slash commands the manifest registers ("/talkoot", "/task", …). */
export function manifestCommands(): string[] {
  const commands = parseDocument(manifestText()).getIn(["features", "slash_commands"]);
  const list = (commands as { toJSON?: () => unknown } | undefined)?.toJSON?.();
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: { command?: unknown }) => (typeof c.command === "string" ? [c.command] : []));
}

/** "https://bot.example.org" -> "https://bot.example.org/slack/events"; a URL with that path stays. */
export function eventsUrl(requestUrl: string): string {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    throw new Error(`slack: --request-url must be a URL such as https://bot.example.org (got "${requestUrl}")`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`slack: --request-url must be an https:// URL (got "${requestUrl}")`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith(SLACK_EVENTS_PATH) ? path : `${path}${SLACK_EVENTS_PATH}`;
  url.search = "";
  url.hash = "";
  return url.toString();
}

/**
 * The manifest as YAML. With `requestUrl`, for HTTP mode: every slash
 * command, event subscriptions and interactivity point at <url>/slack/events,
 * and Socket Mode is off. Comments are kept.
 */
export function renderManifest(options: { requestUrl?: string } = {}): string {
  const document = parseDocument(manifestText());
  if (options.requestUrl) {
    const url = eventsUrl(options.requestUrl);
    const commands = document.getIn(["features", "slash_commands"]) as { items?: unknown[] } | undefined;
    (commands?.items ?? []).forEach((_item, index) => {
      document.setIn(["features", "slash_commands", index, "url"], url);
    });
    document.setIn(["settings", "event_subscriptions", "request_url"], url);
    document.setIn(["settings", "interactivity", "request_url"], url);
    document.setIn(["settings", "socket_mode_enabled"], false);
  }
  return document.toString({ lineWidth: 0 });
}

/** The command line: `npm run slack:manifest [-- --request-url https://host]` (or SLACK_REQUEST_URL). */
export function manifestCli(argv: string[], env: NodeJS.ProcessEnv): { output: string; error?: string } {
  let requestUrl = env.SLACK_REQUEST_URL || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--request-url") requestUrl = argv[++i];
    else if (arg.startsWith("--request-url=")) requestUrl = arg.slice("--request-url=".length);
    else if (arg === "--help" || arg === "-h") {
      return { output: "usage: npm run slack:manifest [-- --request-url https://bot.example.org]\n" };
    } else return { output: "", error: `slack:manifest: unknown argument ${arg}; try --help` };
  }
  if (argv.includes("--request-url") && !requestUrl) {
    return { output: "", error: "slack:manifest: --request-url needs a URL, e.g. https://bot.example.org" };
  }
  try {
    return { output: renderManifest(requestUrl ? { requestUrl } : {}) };
  } catch (error) {
    return { output: "", error: error instanceof Error ? error.message : String(error) };
  }
}
