// The core's Directory port, on the repositories: who the author is (person),
// where they spoke (chat), which community that chat belongs to, and their role.
import type { Author, Conversation } from "../core/events.js";
import type { Directory, ResolvedParticipant } from "../core/ports.js";
import type { Chats } from "./repositories/chats.js";
import type { Communities } from "./repositories/communities.js";
import type { People } from "./repositories/people.js";

export class StoreDirectory implements Directory {
  constructor(
    private readonly people: People,
    private readonly chats: Chats,
    private readonly communities: Communities,
  ) {}

  async resolve(author: Author, conversation: Conversation, now: Date): Promise<ResolvedParticipant> {
    const [{ person, created }, chat] = await Promise.all([
      this.people.resolve(author, conversation.platform, now),
      this.chats.touch(conversation),
    ]);
    if (!chat.communityId) return { person, chat, community: undefined, role: undefined };
    const [community, role] = await Promise.all([
      this.communities.find(chat.communityId),
      // A person made just now is a member nowhere: no need to look first.
      this.communities.ensureMember(chat.communityId, person.id, undefined, { newPerson: created }),
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
