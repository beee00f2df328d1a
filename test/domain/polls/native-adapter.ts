// A second in-memory platform that has native polls, as Telegram does: it
// records the polls it was asked to create and close, and delivers answers
// to them as `pollVote` events.
import { randomBytes } from "node:crypto";
import type { Destination, NativePollSpec } from "../../../src/core/adapter.js";
import type { EventOutcome, EventSink, MessageRef } from "../../../src/core/events.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";

export interface NativePoll {
  chatId: string;
  spec: NativePollSpec;
  ref: MessageRef;
  nativePollId: string;
  closed: boolean;
}

export class NativePollAdapter extends MemoryAdapter {
  readonly polls: NativePoll[] = [];
  private pollSink: EventSink | undefined;
  private answers = 0;
  private readonly session = randomBytes(3).toString("hex");

  constructor(platform = "nat") {
    super(platform, { nativePolls: true });
  }

  override async start(sink: EventSink): Promise<void> {
    this.pollSink = sink;
    await super.start(sink);
  }

  async createPoll(to: Destination, spec: NativePollSpec): Promise<{ ref: MessageRef; nativePollId: string }> {
    const n = this.polls.length + 1;
    const poll: NativePoll = {
      chatId: to.chatId,
      spec,
      ref: { platform: this.platform, chatId: to.chatId, messageId: `poll-${n}` },
      nativePollId: `${this.session}-np-${n}`,
      closed: false,
    };
    this.polls.push(poll);
    return { ref: poll.ref, nativePollId: poll.nativePollId };
  }

  async closePoll(ref: MessageRef): Promise<void> {
    const poll = this.polls.find((p) => p.ref.messageId === ref.messageId);
    if (poll) poll.closed = true;
  }

  /** `user` answers a native poll; an empty list takes the answer back. */
  answer(chat: string, user: string, nativePollId: string, optionIndexes: number[]): Promise<EventOutcome> {
    if (!this.pollSink) throw new Error("adapter not started");
    return this.pollSink.handle({
      kind: "pollVote",
      platform: this.platform,
      eventId: `${this.session}-answer-${++this.answers}`,
      conversation: { platform: this.platform, chatId: this.chatId(chat), isDirect: false, title: chat },
      author: { id: `${this.platform}:${user}`, name: user, handle: user, isChatAdmin: false },
      receivedAt: new Date(),
      nativePollId,
      optionIndexes,
    });
  }
}
