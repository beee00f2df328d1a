// Namespaced ids for Slack. A workspace (team) is part of every id, so that
// two workspaces never share a chat or a person by accident:
//   chat      slack:<team_id>:<channel_id>   slack:T0KALLIO:C0GENERAL
//   identity  slack:<team_id>:<user_id>      slack:T0KALLIO:U0AINO
// Pure.

export const SLACK = "slack";

export function slackChatId(teamId: string, channelId: string): string {
  return `${SLACK}:${teamId}:${channelId}`;
}

export function slackIdentityId(teamId: string, userId: string): string {
  return `${SLACK}:${teamId}:${userId}`;
}

/** The team and the Slack id inside a namespaced id, or undefined if it is not a Slack id. */
export function parseSlackId(id: string): { teamId: string; id: string } | undefined {
  const match = /^slack:([A-Z0-9]+):([A-Z0-9]+)$/.exec(id);
  return match ? { teamId: match[1]!, id: match[2]! } : undefined;
}

/** Direct messages with the bot live in channels whose id starts with D. */
export function isDirectChannel(channelId: string): boolean {
  return channelId.startsWith("D");
}
