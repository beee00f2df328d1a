// The core's Directory port, on the repositories: who the author is (person),
// where they spoke (chat), which community that chat belongs to, and their role.
import type { Author, Conversation } from "../core/events.js";
import type { Directory, ResolvedParticipant } from "../core/ports.js";
import type { Chats } from "./repositories/chats.js";
import type { Communities } from "./repositories/communities.js";
import type { Participants } from "./repositories/participants.js";
import type { People } from "./repositories/people.js";

export class StoreDirectory implements Directory {
  constructor(
    private readonly people: People,
    private readonly participants: Participants,
    private readonly chats: Chats,
    private readonly communities: Communities,
  ) {}

  async resolve(author: Author, conversation: Conversation, now: Date): Promise<ResolvedParticipant> {
    // The chat first (kept a few seconds, so mostly no statement): its community's membership is read with the person.
    const chat = await this.chats.touch(conversation);
    const communityId = chat.communityId ?? undefined;
    const [{ person, role }, community] = await Promise.all([
      this.participants.resolve(author, conversation.platform, now, communityId),
      communityId ? this.communities.find(communityId) : undefined,
    ]);
    return { person, chat, community, role };
  }

  async directChatOf(identityId: string): Promise<string | undefined> {
    return (await this.people.identity(identityId))?.directChatId ?? undefined;
  }

  async nameOf(identityId: string): Promise<string | undefined> {
    return (await this.people.identity(identityId))?.displayName;
  }

  async membershipsOf(personId: string) {
    return this.communities.membershipsOf(personId);
  }

  async rememberDirectChat(identityId: string, chatId: string): Promise<void> {
    await this.people.setDirectChat(identityId, chatId);
  }
}
