// Cards in chats speak the chat's language (else the community's), with
// times in the community's zone: a card is public, so it does not follow
// whoever pressed a button on it.
import type { Clock } from "../../core/clock.js";
import type { Translator } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";
import { resolveLocale } from "../../core/resolve-locale.js";
import type { Store } from "../../storage/store.js";
import { type Presentation, renderPollCard } from "./poll-card.js";
import type { PollRecord } from "./poll-repository.js";
import { decodePlan } from "./shift-plan.js";
import type { Tally } from "./tally.js";

export class PollCards {
  constructor(
    private readonly store: Store,
    private readonly translator: Translator,
    private readonly clock: Clock,
  ) {}

  async presentation(chatId: string, communityId: string): Promise<Presentation> {
    const [chat, community] = await Promise.all([
      this.store.chats.find(chatId),
      this.store.communities.find(communityId),
    ]);
    const locale = resolveLocale(null, chat?.locale, community?.locale);
    return {
      t: this.translator.forLocale(locale),
      locale,
      timezone: community?.timezone ?? "UTC",
      now: this.clock.now(),
    };
  }

  card(poll: PollRecord, tally: Tally, p: Presentation): OutboundMessage {
    return renderPollCard(poll, tally, p, decodePlan(poll.thenTask));
  }
}
