// Putting a poll in front of people: the card (or a native poll) in the chat
// where it was asked, as the reply; with --everywhere, a copy in every other
// community chat of the community, on any platform, queued through the
// outbox. Every copy is a PollPost, so live results and the close reach it;
// all copies share one tally, because votes are by person.
import {
  type Destination,
  destinationOf as destinationOfConversation,
  type NativePollSpec,
} from "../../core/adapter.js";
import type { HandlerContext } from "../../core/context.js";
import type { MessageRef } from "../../core/events.js";
import { destinationOfChat, platformOf } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import { safeUserText } from "../../core/user-text.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { Database } from "../../storage/database.js";
import type { Store } from "../../storage/store.js";
import type { LiveResults } from "./live-results.js";
import { messageHash } from "./poll-card.js";
import type { PollCards } from "./poll-cards.js";
import { inPollTransaction } from "./poll-lock.js";
import type { PollRecord, PollRepository } from "./poll-repository.js";
import { type NativeSupport, outlastsNativePoll } from "./poll-settings.js";
import type { PollPlatform } from "./services.js";

export interface PostingDeps {
  database: Database;
  store: Store;
  polls: PollRepository;
  cards: PollCards;
  live: LiveResults;
  outbox: Pick<Outbox, "enqueue" | "wake">;
  platform: (platform: string) => PollPlatform | undefined;
  logger: Logger;
  now: () => Date;
}

export class PollPosting {
  constructor(private readonly deps: PostingDeps) {}

  /** Whether this platform can show the poll as its own native poll. */
  canPostNatively(platform: string): boolean {
    const adapter = this.deps.platform(platform);
    return !!adapter?.capabilities.nativePolls && !!adapter.createPoll;
  }

  /** What this platform's native polls can do, for nativeRefusal. */
  nativeSupport(platform: string): NativeSupport {
    const adapter = this.deps.platform(platform);
    return { native: this.canPostNatively(platform), maxHours: adapter?.capabilities.nativePollMaxHours };
  }

  /** The poll in the chat it was asked in, as the reply: a native poll when `native`, else the card. */
  async postHere(ctx: HandlerContext, poll: PollRecord, native: boolean): Promise<void> {
    if (native) {
      const posted = await this.postNative(destinationOfConversation(ctx.event.conversation), poll);
      if (posted) {
        await this.deps.polls.addPost({ pollId: poll.id, chatId: ctx.chat.id, ...posted });
        await ctx.reply(ctx.t("polls:created.native", { id: poll.id }));
        return;
      }
    }
    const presentation = await this.deps.cards.presentation(ctx.chat.id, poll.communityId);
    const message = this.deps.cards.card(poll, await this.deps.polls.tally(poll), presentation);
    // Refused for a while, the card goes through the outbox: live results learn its place from the row once it is sent.
    const { refs, queued } = await ctx.replyCard(message);
    const ref = refs.at(-1);
    await this.deps.polls.addPost({
      pollId: poll.id,
      chatId: ctx.chat.id,
      ...(ref ? { ref } : queued !== undefined ? { outboxId: queued } : {}),
      renderedHash: messageHash(message),
    });
  }

  /**
   * A copy in each other community chat of the poll's community (officials'
   * team chats are for routed requests, not for residents' polls), on
   * platforms running here. Resolves with how many chats got one.
   */
  async postEverywhere(poll: PollRecord, native: boolean): Promise<number> {
    const chats = await this.otherChats(poll);
    const tally = await this.deps.polls.tally(poll);
    let posted = 0;
    for (const chat of chats) {
      const support = this.nativeSupport(platformOf(chat.id));
      if (native && support.native && !outlastsNativePoll(poll.closesAt, support, this.deps.now())) {
        const made = await this.postNative(destinationOfChat(chat.id), poll);
        if (made) {
          await this.deps.polls.addPost({ pollId: poll.id, chatId: chat.id, ...made });
          posted++;
          continue;
        }
      }
      const message = this.deps.cards.card(poll, tally, await this.deps.cards.presentation(chat.id, poll.communityId));
      // The copy and its PollPost exist together, or neither does.
      await inPollTransaction(this.deps.database, async (tx) => {
        const outboxId = await this.deps.outbox.enqueue(destinationOfChat(chat.id), message, "poll.post", tx);
        await this.deps.polls.addPost(
          { pollId: poll.id, chatId: chat.id, outboxId, renderedHash: messageHash(message) },
          tx,
        );
      });
      posted++;
    }
    if (posted) this.deps.outbox.wake();
    return posted;
  }

  /** The community chats other than the poll's own that --everywhere posts in, on platforms running here. */
  async otherChats(poll: PollRecord): Promise<Array<{ id: string }>> {
    return (await this.deps.store.chats.ofCommunity(poll.communityId)).filter(
      (chat) => chat.id !== poll.originChatId && chat.role === "community" && this.deps.platform(platformOf(chat.id)),
    );
  }

  /**
   * Votes may have come in while the copies were being posted, before their
   * PollPost rows existed to be marked. Marking every copy dirty once more
   * catches them; a copy that shows the current tally already is not edited.
   */
  async settle(pollId: number): Promise<void> {
    await this.deps.polls.markDirty(pollId);
    await this.deps.live.changed(pollId);
  }

  private async postNative(
    to: Destination,
    poll: PollRecord,
  ): Promise<{ ref: MessageRef; nativePollId: string } | undefined> {
    const adapter = this.deps.platform(to.platform);
    if (!adapter?.createPoll) return undefined;
    const options = await this.deps.polls.options(poll);
    const spec: NativePollSpec = {
      // The platform draws this poll itself, past the core's delivery: the same safety applies here.
      question: safeUserText(poll.question),
      options: options.map((o) => safeUserText(o.text)),
      multi: poll.multi,
      anonymous: false,
      ...(poll.closesAt ? { closesAt: poll.closesAt } : {}),
    };
    try {
      return await adapter.createPoll(to, spec);
    } catch (error) {
      // The poll still gets out: the buttons card is the fallback.
      this.deps.logger.warn({ err: error, pollId: poll.id, chatId: to.chatId }, "could not create a native poll");
      return undefined;
    }
  }
}
