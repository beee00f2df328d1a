// Why the gateway would not take the bot, as one line that says what to do.
// The token itself never appears. Pure.
import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, GatewayCloseCodes } from "discord.js";

export const TOKEN_REJECTED =
  "discord: the bot token was rejected; check DISCORD_TOKEN (Developer Portal → your application → Bot → Reset Token)";

export const INTENTS_DISALLOWED =
  "discord: the gateway refused an intent (4014 Disallowed intents); enable it in the Developer Portal → your application → Bot → Privileged Gateway Intents (Talkoot asks only for Guilds, Guild Message Polls and Direct Message Polls)";

export function startFailureLine(error: unknown, closeCode: number | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (closeCode === GatewayCloseCodes.DisallowedIntents || /disallowed intents/i.test(message)) {
    return INTENTS_DISALLOWED;
  }
  if (
    closeCode === GatewayCloseCodes.AuthenticationFailed ||
    (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) ||
    (error instanceof DiscordAPIError && error.status === 401) ||
    /authentication failed/i.test(message)
  ) {
    return TOKEN_REJECTED;
  }
  if (closeCode === GatewayCloseCodes.InvalidIntents)
    return "discord: the gateway refused the intents as invalid (4013)";
  return `discord: cannot connect to the gateway (${message.split("\n")[0]})`;
}
