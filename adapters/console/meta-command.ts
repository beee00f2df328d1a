// The console's meta-commands, parsed apart from the bot's own commands. Pure.
export type MetaCommand =
  | { meta: "as"; user: string }
  | { meta: "in"; chat: string }
  | { meta: "admin"; on: boolean }
  | { meta: "press"; index: number }
  | { meta: "redeliver" }
  | { meta: "quit" }
  | { meta: "help" }
  | { meta: "invalid"; reason: string };

const NAME = /^@?[\p{L}\p{N}_.-]{1,40}$/u;

export function parseMetaCommand(line: string): MetaCommand | undefined {
  if (!line.startsWith(":")) return undefined;
  const [word = "", ...rest] = line.slice(1).trim().split(/\s+/);
  const arg = rest.join(" ");
  switch (word.toLowerCase()) {
    case "as":
      return NAME.test(arg) && !arg.startsWith("@")
        ? { meta: "as", user: arg }
        : { meta: "invalid", reason: "usage: :as <name>" };
    case "in":
      return NAME.test(arg)
        ? { meta: "in", chat: arg.replace(/^#/, "") }
        : { meta: "invalid", reason: "usage: :in <chat> (or :in @me for your direct chat)" };
    case "admin":
      return arg === "on" || arg === "off"
        ? { meta: "admin", on: arg === "on" }
        : { meta: "invalid", reason: "usage: :admin on|off" };
    case "press": {
      const index = Number.parseInt(arg, 10);
      return Number.isInteger(index) && index > 0
        ? { meta: "press", index }
        : { meta: "invalid", reason: "usage: :press <n>" };
    }
    case "redeliver":
      return { meta: "redeliver" };
    case "quit":
    case "exit":
      return { meta: "quit" };
    case "help":
      return { meta: "help" };
    default:
      return { meta: "invalid", reason: `unknown meta-command :${word}; try :help` };
  }
}

export const META_HELP = [
  ":as <name>      speak as another user",
  ":in <chat>      switch chat (:in @me is your direct chat with the bot)",
  ":admin on|off   whether the current user is an admin of this chat",
  ":press <n>      press button n of the last message with buttons",
  ":redeliver      deliver the last event again, as a platform retry would",
  ":quit           finish pending work and exit",
].join("\n");
