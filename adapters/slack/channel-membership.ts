// Whether the bot is in a channel, from conversations.info. A slash command
// works in any channel, but the bot can only post and hear mentions where it
// is a member, so a chat must not become a community's home or officials'
// chat before someone invites the bot (/invite @Talkoot). A "member" answer
// is trusted for a while; "not a member" is asked again every time, so the
// command works as soon as the bot has been invited.
import type { Logger } from "../../src/core/logger.js";
import { slackErrorName } from "./delivery-error.js";

/** conversations.info for one channel: its is_member flag; throws when Slack says no. */
export type FetchIsMember = (channelId: string) => Promise<boolean | undefined>;

const MEMBER_TTL_MS = 5 * 60_000;

export class ChannelMembership {
  private readonly knownMember = new Map<string, number>();

  constructor(
    private readonly fetchIsMember: FetchIsMember,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** True or false when Slack says; undefined when it could not be asked (the command goes on). */
  async isMember(channelId: string): Promise<boolean | undefined> {
    const until = this.knownMember.get(channelId);
    if (until !== undefined && until > this.now()) return true;
    try {
      const member = await this.fetchIsMember(channelId);
      if (member) this.knownMember.set(channelId, this.now() + MEMBER_TTL_MS);
      else this.knownMember.delete(channelId);
      return member;
    } catch (error) {
      // A private channel the bot is not in is hidden from it.
      if (slackErrorName(error) === "channel_not_found") return false;
      this.logger?.warn({ err: error, channelId }, "slack: conversations.info failed; membership unknown");
      return undefined;
    }
  }
}
