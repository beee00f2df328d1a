import { PassThrough } from "node:stream";
import { ConsoleAdapter } from "../../adapters/console/console-adapter.js";
import { type ContractHarness, runAdapterContract, type VisibleMessage } from "./adapter-contract.js";

/**
 * Reads the console's own printed output back into messages, as a user would
 * see them: in `#chat` for everyone, or (with `onlyFor`) those marked "only <user>".
 */
function parseConsoleOutput(output: string, chat: string, onlyFor?: string): VisibleMessage[] {
  const byId = new Map<string, VisibleMessage>();
  const order: string[] = [];
  let counter = 0;
  for (const block of output.split(/^(?=\[)/m)) {
    const header = /^\[(#[^\],]+|@[^\],]+)(?:, ([^\]]+))?\]\n/.exec(block);
    if (!header || header[1] !== chat) continue;
    const only = /^only (\S+)$/.exec(header[2] ?? "")?.[1];
    if (only !== onlyFor) continue;
    const body = block
      .slice(header[0].length)
      .split("\n")
      .filter(Boolean)
      .map((l) => l.replace(/^ {2}/, ""));
    const buttonLine = body.length && /^\[\d+\] /.test(body.at(-1)!) ? body.pop()! : "";
    const buttons = buttonLine ? buttonLine.split(/\s{2}(?=\[\d+\])/).map((b) => b.replace(/^\[\d+\] /, "")) : [];
    const message = { text: body.join("\n"), buttons };
    const edited = /edited #(\d+)/.exec(header[2] ?? "");
    const id = edited ? edited[1]! : String(++counter);
    if (!edited) order.push(id);
    byId.set(id, message);
  }
  return order.map((id) => byId.get(id)!);
}

runAdapterContract("console", async (): Promise<ContractHarness> => {
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const adapter = new ConsoleAdapter({ input: new PassThrough(), output });
  let user = "";
  const as = async (name: string) => {
    if (name !== user) await adapter.feed(`:as ${name}`);
    user = name;
  };
  return {
    adapter,
    groupChat: "general",
    async sendCommand(chat, name, text) {
      await adapter.feed(`:in ${chat}`);
      await as(name);
      await adapter.feed(text);
    },
    // A terminal has no retries of its own; :redeliver replays the last event as a platform would.
    redeliverLast: () => adapter.feed(":redeliver"),
    async press(chat, name, label) {
      await adapter.feed(`:in ${chat}`);
      await as(name);
      const messages = parseConsoleOutput(printed, `#${chat}`);
      const carrier = [...messages].reverse().find((m) => m.buttons.includes(label));
      if (!carrier) throw new Error(`no button ${label}`);
      await adapter.feed(`:press ${carrier.buttons.indexOf(label) + 1}`);
    },
    visibleMessages: async (chat) => parseConsoleOutput(printed, `#${chat}`),
    privateTexts: async (user) =>
      [...parseConsoleOutput(printed, "#general", user), ...parseConsoleOutput(printed, `@${user}`)].map((m) => m.text),
    close: async () => {},
  };
});
