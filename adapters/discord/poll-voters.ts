// Who voted for what in a native poll, read from Discord's REST API. The
// gateway sends each vote once, to the session that is connected: votes cast
// while the bot was away (a restart starts a new session) come back only
// through here. One call per answer and page of 100 voters.
import { type APIMessage, type APIUser, type REST, Routes } from "discord.js";
import type { MessageRef } from "../../src/core/events.js";
import { toDeliveryError } from "./delivery-errors.js";
import { parseChatId, targetChannelOf } from "./ids.js";
import type { PollVotePacket } from "./inbound.js";

const VOTERS_PAGE = 100;

export interface PollVoter {
  packet: PollVotePacket;
  user: APIUser;
  /** The channel the poll's thread hangs off, when the poll is in a thread. */
  threadParentId: string | null;
}

/** Every (voter, answer) of the poll in `ref`, as vote packets the gateway would have sent. */
export async function pollVoters(rest: REST, ref: MessageRef): Promise<PollVoter[]> {
  const chat = parseChatId(ref.chatId);
  const channel = targetChannelOf(ref.chatId, ref.threadId);
  if (!chat || !channel) return [];
  const threadParentId = ref.threadId ? chat.channelId : null;
  try {
    const message = (await rest.get(Routes.channelMessage(channel, ref.messageId))) as APIMessage;
    const voters: PollVoter[] = [];
    for (const answer of message.poll?.answers ?? []) {
      let after: string | undefined;
      for (;;) {
        const query = new URLSearchParams({ limit: String(VOTERS_PAGE), ...(after ? { after } : {}) });
        const page = (await rest.get(Routes.pollAnswerVoters(channel, ref.messageId, answer.answer_id), {
          query,
        })) as { users: APIUser[] };
        for (const user of page.users) {
          const packet: PollVotePacket = {
            user_id: user.id,
            channel_id: channel,
            message_id: ref.messageId,
            answer_id: answer.answer_id,
            ...(chat.guildId ? { guild_id: chat.guildId } : {}),
          };
          voters.push({ packet, user, threadParentId });
        }
        if (page.users.length < VOTERS_PAGE) break;
        after = page.users.at(-1)?.id;
      }
    }
    return voters;
  } catch (error) {
    throw toDeliveryError(error, "poll voters");
  }
}
