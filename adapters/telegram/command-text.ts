// A Telegram message as a command line for the core. Pure.
//
// Telegram marks "/cmd" and "/cmd@BotName" with a bot_command entity. In a
// group several bots may share one chat, so "/cmd@OtherBot" is not ours and is
// ignored; "/cmd@ThisBot" loses its suffix. A mention of a user without a
// username (a `text_mention` entity: the name shown, the user id attached)
// becomes the neutral "<@telegram:ID>" that the core resolves to a person.
import type { MessageEntity } from "grammy/types";
import { namespacedId } from "./ids.js";

export type CommandText =
  /** `name`: lower-case, without "/" or "@"; `addressed`: it carried "@ThisBot". */
  | { kind: "command"; text: string; name: string; addressed: boolean }
  /** "/cmd@AnotherBot": addressed to a different bot in the same chat. */
  | { kind: "otherBot" }
  | { kind: "notCommand" };

export function commandTextOf(text: string, entities: MessageEntity[] | undefined, botUsername: string): CommandText {
  const command = entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!command) return { kind: "notCommand" };
  const word = text.slice(0, command.length);
  const at = word.indexOf("@");
  if (at >= 0 && word.slice(at + 1).toLowerCase() !== botUsername.toLowerCase()) return { kind: "otherBot" };
  const slashed = at >= 0 ? word.slice(0, at) : word;
  return {
    kind: "command",
    text: slashed + withNeutralMentions(text, entities ?? [], command.length),
    name: slashed.slice(1).toLowerCase(),
    addressed: at >= 0,
  };
}

/** The text after `from`, with each text_mention replaced by "<@telegram:ID>" (entity offsets are UTF-16, as JS strings). */
function withNeutralMentions(text: string, entities: MessageEntity[], from: number): string {
  const mentions = entities
    .filter((e): e is MessageEntity.TextMentionMessageEntity => e.type === "text_mention" && e.offset >= from)
    .sort((a, b) => a.offset - b.offset);
  let out = "";
  let position = from;
  for (const mention of mentions) {
    if (mention.offset < position) continue;
    out += `${text.slice(position, mention.offset)}<@${namespacedId(mention.user.id)}>`;
    position = mention.offset + mention.length;
  }
  return out + text.slice(position);
}

/**
 * What follows the bot's "@BotName" in plain text ("hey @BotName help" ->
 * "help"), or undefined when the text does not mention the bot. Telegram
 * marks the mention with a `mention` entity.
 */
export function textAfterMention(
  text: string,
  entities: MessageEntity[] | undefined,
  botUsername: string,
): string | undefined {
  const wanted = `@${botUsername}`.toLowerCase();
  const mention = (entities ?? []).find(
    (e) => e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === wanted,
  );
  return mention && text.slice(mention.offset + mention.length).replace(/^[\s,:]+/, "");
}
