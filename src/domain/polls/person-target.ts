// Where to reach someone privately about a poll (an invitation to its shift,
// a request to approve an option): an identity with a direct chat if there is
// one, else one on a platform where the poll was posted, mentioned in that chat.
import { platformOf } from "../../core/ids.js";
import type { Store } from "../../storage/store.js";
import type { PersonTarget } from "../notifications/notifier.js";

export async function reachPerson(
  store: Pick<Store, "people">,
  personId: string,
  chats: readonly string[],
): Promise<PersonTarget | undefined> {
  const identities = await store.people.identitiesOf(personId);
  const chatOn = (platform: string) => chats.find((chatId) => platformOf(chatId) === platform);
  const direct = identities.find((i) => i.directChatId);
  if (direct) return { personId, identityId: direct.id, fallbackChatId: chatOn(direct.platform) ?? chats[0]! };
  for (const identity of identities) {
    const chatId = chatOn(identity.platform);
    if (chatId) return { personId, identityId: identity.id, fallbackChatId: chatId };
  }
  return undefined;
}
