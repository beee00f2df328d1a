// What start() checks before taking events, each failure as one line an
// operator can act on:
//   slack: auth.test failed (invalid_auth); check SLACK_BOT_TOKEN
//   slack: the bot token lacks the scope(s) files:write, im:write; …
//   slack: apps.connections.open failed (invalid_auth); check SLACK_APP_TOKEN
// and warns, without stopping, of an optional scope the token lacks.
import { slackErrorName } from "./delivery-error.js";

export class SlackStartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SlackStartupError";
  }
}

/** The workspace and bot behind a bot token. */
export interface BotIdentity {
  teamId: string;
  botUserId: string;
  botId: string;
}

/** The parts of auth.test's answer that matter here; `scopes` comes from the x-oauth-scopes header. */
export interface AuthTestResult {
  team_id?: string;
  user_id?: string;
  bot_id?: string;
  response_metadata?: { scopes?: string[] };
}

export function missingScopes(required: readonly string[], granted: readonly string[]): string[] {
  return required.filter((scope) => !granted.includes(scope));
}

/** One line for a failed Web API call at start, naming the setting to check. */
export function startupFailureLine(method: string, setting: string, error: unknown): string {
  const name = slackErrorName(error);
  if (name) return `slack: ${method} failed (${name}); check ${setting}`;
  const code = (error as { code?: unknown } | undefined)?.code;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (code === "slack_webapi_http_error") {
    return `slack: ${method} failed (HTTP ${String(status)}); check SLACK_API_URL`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `slack: ${method} failed (${reason}); check SLACK_API_URL and the network`;
}

/**
 * Checks auth.test's answer: a bot token, and every scope the manifest asks
 * for. Slack reports the token's scopes in the x-oauth-scopes header, which
 * the Web API client puts in response_metadata.scopes; where a proxy drops
 * it, the scope check is skipped rather than guessed.
 */
export function checkAuthTest(result: AuthTestResult, required: readonly string[]): BotIdentity {
  if (!result.team_id || !result.user_id || !result.bot_id) {
    throw new SlackStartupError(
      "slack: auth.test did not describe a bot (no bot_id); check SLACK_BOT_TOKEN is the xoxb- Bot User OAuth Token",
    );
  }
  const granted = result.response_metadata?.scopes;
  if (granted) {
    const missing = missingScopes(required, granted);
    if (missing.length > 0) {
      throw new SlackStartupError(
        `slack: the bot token lacks the scope(s) ${missing.join(", ")}; add them under OAuth & Permissions ` +
          "(or recreate the app from adapters/slack/manifest.yaml) and reinstall the app to the workspace",
      );
    }
  }
  return { teamId: result.team_id, botUserId: result.user_id, botId: result.bot_id };
}

/**
 * The warning for optional scopes the token lacks (the *:history ones that
 * let a send whose answer was lost be found instead of posted again), or
 * undefined when it has them all or Slack did not say which it has.
 */
export function optionalScopesWarning(result: AuthTestResult, optional: readonly string[]): string | undefined {
  const granted = result.response_metadata?.scopes;
  const lacking = granted ? missingScopes(optional, granted) : [];
  if (lacking.length === 0) return undefined;
  return (
    `slack: the bot token lacks ${lacking.join(", ")}; Talkoot runs, but cannot check whether a send whose ` +
    "answer was lost reached Slack, so such a message may show twice. Add the scopes and reinstall the app"
  );
}
