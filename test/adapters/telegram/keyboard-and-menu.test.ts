// Inline keyboards (callback_data limits, styles) and the command menu
// (Telegram's rules for names and descriptions; the real router's commands).
import assert from "node:assert/strict";
import { it } from "vitest";
import { commandMenuOf, toBotCommands } from "../../../adapters/telegram/command-menu.js";
import { inlineKeyboardOf } from "../../../adapters/telegram/keyboard.js";
import { webhookPathOf } from "../../../adapters/telegram/webhook.js";
import { builtinCommands } from "../../../src/core/builtin-commands.js";
import { Translator } from "../../../src/core/i18n.js";
import { coreTranslations } from "../../../src/core/locales/core.js";
import type { Router } from "../../../src/core/router.js";

it("makes rows of callback buttons carrying the action id, with Telegram's colours", () => {
  const keyboard = inlineKeyboardOf([
    [
      { label: "Join", actionId: "a1", style: "primary" },
      { label: "Leave", actionId: "a2", style: "danger" },
    ],
    [],
    [{ label: "  ", actionId: "a3", style: "default" }],
  ]);
  assert.deepEqual(keyboard, {
    inline_keyboard: [
      [
        { text: "Join", callback_data: "a1", style: "primary" },
        { text: "Leave", callback_data: "a2", style: "danger" },
      ],
      [{ text: "·", callback_data: "a3" }],
    ],
  });
  assert.equal(inlineKeyboardOf(undefined), undefined);
  assert.equal(inlineKeyboardOf([[]]), undefined);
});

it("refuses callback_data over 64 bytes (counting bytes, not characters)", () => {
  assert.ok(inlineKeyboardOf([[{ label: "ok", actionId: "ä".repeat(32), style: "default" }]]));
  assert.throws(() => inlineKeyboardOf([[{ label: "x", actionId: "ä".repeat(33), style: "default" }]]), /1-64 bytes/);
});

it("keeps only commands Telegram accepts, with descriptions of 1-256 characters", () => {
  const commands = toBotCommands([
    { command: "/Help", description: "Show help" },
    { command: "help", description: "duplicate" },
    { command: "bad-name", description: "x" },
    { command: "lang", description: "  " },
    { command: "setup", description: "d".repeat(300) },
  ]);
  assert.deepEqual(
    commands.map((c) => c.command),
    ["help", "lang", "setup"],
  );
  assert.equal(commands[1]?.description, "lang");
  assert.equal(commands[2]?.description.length, 256);
});

it("builds each language's menu from the router's visible commands and their translated summaries", () => {
  const translator = new Translator([coreTranslations]);
  const feature = builtinCommands({} as Router);
  const menu = commandMenuOf(() => feature.commands, translator);
  assert.deepEqual(
    menu("en").map((e) => e.command),
    ["help"],
  );
  assert.notEqual(menu("fi")[0]?.description, menu("en")[0]?.description);
});

it("mounts the webhook at its URL's path", () => {
  assert.equal(webhookPathOf("https://bot.example.org/telegram/"), "/telegram");
  assert.equal(webhookPathOf("https://bot.example.org"), "/");
});
