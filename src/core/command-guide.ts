// The router's hook for guided flows: a command that lacks a piece asks for
// it instead of printing its usage, and the person's next plain words in
// that chat answer the question. The core only calls the hook; which
// commands are guided and what they ask is the flows feature's.
import type { CommandInput } from "./commands.js";
import type { HandlerContext } from "./context.js";
import type { InboundFile, SharedPlace } from "./events.js";

export interface CommandGuide {
  /**
   * Before a command runs: when the line (its canonical `path`, such as
   * ["task", "add"], and what it gave, bound leniently) lacks a piece its
   * guided flow asks for, starts that flow and returns true; the command
   * does not run then.
   */
  startIfIncomplete(ctx: HandlerContext, path: readonly string[], given: CommandInput): Promise<boolean>;
  /** Plain words (or a sent file, with its caption) from a person: the answer to their flow in this chat; false when they have none. */
  answer(ctx: HandlerContext, text: string, file?: InboundFile): Promise<boolean>;
  /**
   * A shared location or venue: the answer to the person's open "where"
   * question (in a group, only as a reply to it); false when it is none, and
   * the place is then a shared place like any other.
   */
  answerPlace(ctx: HandlerContext, place: SharedPlace): Promise<boolean>;
}
