// What a handler gets for one inbound event: who, where, in which language,
// and how to answer. Request-scoped only; features get their services at
// construction, in the composition root.
import type { Destination } from "./adapter.js";
import type { Clock } from "./clock.js";
import type { DeliveryKey } from "./delivery-key.js";
import type { EventCompletion } from "./event-completion.js";
import type { InboundEvent, InboundFile, MessageRef } from "./events.js";
import type { Locale, Translate } from "./i18n.js";
import type { OutboundMessage } from "./messages.js";
import type { PostedReply } from "./reply-delivery.js";
import type { Requirement, Role, Standing } from "./roles.js";

export interface PersonView {
  id: string;
  displayName: string;
  locale: Locale | undefined;
}

export interface ChatView {
  id: string;
  platform: string;
  title: string | undefined;
  communityId: string | undefined;
  role: "community" | "officials";
  locale: Locale | undefined;
}

export interface CommunityView {
  id: string;
  name: string;
  timezone: string;
  locale: Locale;
}

export interface HandlerContext {
  readonly event: InboundEvent;
  /**
   * The file sent with the command being run: the command event's own, or
   * the one a guided flow kept and hands to the command its Create runs.
   */
  readonly file: InboundFile | undefined;
  readonly person: PersonView;
  readonly identityId: string;
  readonly chat: ChatView;
  readonly community: CommunityView | undefined;
  /** The person's role in this chat's community, if it is linked. */
  readonly role: Role | undefined;
  readonly standing: Standing;
  readonly locale: Locale;
  readonly t: Translate;
  /** Strings in another language, e.g. to confirm a language change in the new language. */
  translateIn(locale: Locale): Translate;
  readonly clock: Clock;
  /**
   * The claim on this event. A handler whose writes must not repeat passes it
   * to the transaction that makes them, which marks the event done with them
   * (markEventDoneIn), so a redelivery after a crash has no second effect.
   */
  readonly completion: EventCompletion;
  /** Answer in the conversation the event came from. */
  reply(message: OutboundMessage | string): Promise<MessageRef[]>;
  /**
   * Answer with a card that later changes edit: as reply, but when the
   * platform refused for a while the result names the outbox row that posts
   * it, so its owner can learn where it landed. `heldRow`: the outbox row
   * already holding this reply (domain/held-reply.ts), which then goes later
   * instead of a new one.
   */
  replyCard(message: OutboundMessage, delivery?: DeliveryKey, heldRow?: number): Promise<PostedReply>;
  /**
   * Where reply and replyCard answer: a reply that must survive a crash is
   * queued there with its change (domain/held-reply.ts).
   */
  replyDestination(): Destination;
  /**
   * Answer only the author: ephemeral where the platform can, else a DM, else
   * the chat with a mention. Never for secrets: use replySecret.
   */
  replyPrivately(message: OutboundMessage | string): Promise<void>;
  /**
   * Give the author a secret (a link code, an API key, a feed's address) where
   * only they see it: this direct chat, an ephemeral message, or their direct
   * chat. `produce` makes the secret and runs only once such a place exists;
   * where none does, the chat gets a line saying how to open a direct chat
   * (with a link that runs this command again there, where the platform has
   * one), and nothing is made.
   */
  replySecret(produce: () => Promise<OutboundMessage | string>): Promise<"sent" | "refused">;
  /** Replace the message that carried the pressed button (or send anew where edits are impossible). */
  updateSource(message: OutboundMessage): Promise<void>;
  /** A short line for the presser of a button (spinner text). */
  toast(text: string): void;
  /** Throws a localised refusal unless the author meets the requirement. */
  require(requirement: Requirement): void;
  /** The community, or a localised line saying this chat is not linked yet. */
  requireCommunity(): CommunityView;
}
