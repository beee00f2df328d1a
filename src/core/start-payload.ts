// What a Telegram deep link's `/start <payload>` asks for. Pure.
//
// `t.me/<bot>?start=<payload>` (a direct chat) and `?startgroup=<payload>`
// (a group the bot is added to) send `/start <payload>`. The payload is data
// from a link, at most 64 characters of A-Z a-z 0-9 _ -, and its case
// matters: it is never a command name and is never lower-cased.
//   join_<code>  -> `/setup join <code>` (an invite code: link this chat)
//   link_<code>  -> `/link <code>`       (a link code: join two accounts)
//   anything else-> a parked command, resumed in the direct chat (router.resume)

export type StartPayload = { kind: "command"; line: string } | { kind: "resume"; id: string };

/** The commands a payload may name, by its prefix. */
const NAMED_COMMANDS: Record<string, string> = {
  join: "/setup join",
  link: "/link",
};

export function readStartPayload(payload: string): StartPayload {
  const match = /^([a-z]+)_(.+)$/.exec(payload);
  const command = match ? NAMED_COMMANDS[match[1]!] : undefined;
  if (match && command) return { kind: "command", line: `${command} ${match[2]}` };
  return { kind: "resume", id: payload };
}
