// The in-memory test adapter passes the contract three times: with every
// capability; with a small keyboard (few buttons a row, two rows); and as a
// minimal platform (no buttons, no edits, no DMs, short messages), which
// drives the core's fallbacks through the same contract.
import { DeliveryError } from "../../src/core/adapter.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { type ContractHarness, runAdapterContract } from "./adapter-contract.js";

function harnessFor(adapter: MemoryAdapter): ContractHarness {
  return {
    adapter,
    groupChat: "group",
    sendCommand: async (chat, user, text) => void (await adapter.command(chat, user, text)),
    redeliverLast: async () => void (await adapter.redeliverLast()),
    async press(chat, user, label) {
      const onButton = adapter.messagesIn(chat).some((m) => m.message.buttons?.flat().some((b) => b.label === label));
      if (onButton) {
        await adapter.press(chat, user, label);
        return;
      }
      // Without (room for) buttons, the core writes "Label: /press <id>" lines; a user types one.
      const line = adapter
        .messagesIn(chat)
        .map((m) => m.message.text)
        .reverse()
        .flatMap((text) => text.split("\n"))
        .find((l) => l.startsWith(`${label}: /press `));
      if (!line) throw new Error(`no ${label} line`);
      await adapter.command(chat, user, line.slice(label.length + 2));
    },
    visibleMessages: async (chat) =>
      adapter
        .messagesIn(chat)
        .filter((m) => !m.message.ephemeralFor)
        .map((m) => {
          const lines = m.message.text.split("\n").filter((l) => !/^.+?: \/press /.test(l));
          const fallbackButtons = m.message.text.split("\n").flatMap((l) => /^(.+?): \/press /.exec(l)?.[1] ?? []);
          return {
            text: lines.join("\n").trimEnd(),
            buttons: [...(m.message.buttons?.flat().map((b) => b.label) ?? []), ...fallbackButtons],
          };
        }),
    privateTexts: async (user) =>
      adapter.sent
        .filter(
          (m) =>
            m.message.ephemeralFor === `${adapter.platform}:${user}` || m.chatId === `${adapter.platform}:dm:${user}`,
        )
        .map((m) => m.message.text),
    refuseNextReply(refusal) {
      adapter.refuseNextSends(
        refusal === "rateLimited"
          ? new DeliveryError("memory: rate limited", { retryAfterMs: 300 })
          : new DeliveryError("memory: 503 Service Unavailable"),
      );
    },
    close: async () => {},
  };
}

runAdapterContract("memory (full)", async () => harnessFor(new MemoryAdapter()));
runAdapterContract("memory (small keyboard)", async () =>
  harnessFor(new MemoryAdapter("keys", { buttonLayout: { perRow: 4, rows: 2, labelLength: 12 } })),
);
runAdapterContract("memory (minimal platform)", async () =>
  harnessFor(
    new MemoryAdapter("minimal", {
      buttons: false,
      editMessage: false,
      directMessages: false,
      ephemeral: false,
      files: false,
      maxTextLength: 700,
    }),
  ),
);
