// Neutral messages as Discord messages: escaping, no pings, cards as embeds,
// button rows within Discord's limits, the 2,000-character content limit.
import { describe, expect, it } from "vitest";
import { escapeText, layoutButtons, renderEdit, renderMessage } from "../../../adapters/discord/render.js";
import type { RenderedButton } from "../../../src/core/messages.js";
import { validateMessage } from "../../fakes/discord/message-validate.js";
import { asRead } from "./support.js";

const valid = (body: unknown) => () =>
  validateMessage(JSON.parse(JSON.stringify(body)), [], { edit: false, allowEphemeral: false });

describe("rendering for Discord", () => {
  it("shows user text as typed: markdown, quotes, links and subtext escaped", () => {
    const typed = "*bold* _it_ `code` ||spoiler|| ~~s~~ [link](https://x.y)\n> quote\n# heading\n-# small\n1. list";
    const [message] = renderMessage({ text: typed });
    expect(message!.body.content).not.toMatch(/(^|[^\\])\*bold/);
    expect(message!.body.content).toMatch(/^\\> quote$/m);
    expect(message!.body.content).toMatch(/^\\-# small$/m);
    expect(asRead(message!.body.content)).toBe(typed);
  });

  it("lets nothing ping: parse is always empty; only the person the core names is allowed", () => {
    const [plain] = renderMessage({ text: "@everyone <@123> <@&456>" });
    expect(plain!.body.allowed_mentions).toEqual({ parse: [] });
    const [named] = renderMessage({ text: "your turn", mention: { identityId: "discord:42", name: "Aino" } });
    expect(named!.body.content.startsWith("<@42> ")).toBe(true);
    expect(named!.body.allowed_mentions).toEqual({ parse: [], users: ["42"] });
    const [elsewhere] = renderMessage({ text: "hi", mention: { identityId: "slack:T1:U1", name: "Bo_b" } });
    expect(elsewhere!.body.content).toBe("Bo\\_b: hi");
  });

  it("allows exactly the people of a group notice to be pinged", () => {
    const [group] = renderMessage({
      text: "the shift moved",
      mentions: [
        { identityId: "discord:42", name: "Aino" },
        { identityId: "discord:43", name: "Eero" },
      ],
    });
    expect(group!.body.content.startsWith("<@42> <@43> the shift moved")).toBe(true);
    expect(group!.body.allowed_mentions).toEqual({ parse: [], users: ["42", "43"] });
  });

  it("draws a card as an embed, within Discord's limits", () => {
    const [card] = renderMessage({
      title: "Sorting *donations*",
      text: "Saturday",
      fields: [{ label: "Slots", value: "0/4" }],
      footer: "Join below",
      code: "a```b",
    });
    expect(card!.body.content).toBe("");
    expect(card!.body.embeds[0]).toMatchObject({
      title: "Sorting \\*donations\\*",
      fields: [{ name: "Slots", value: "0/4", inline: true }],
      footer: { text: "Join below" },
    });
    expect(card!.body.embeds[0]!.description).toContain("```\na`\u200b``b\n```");
    expect(valid(card!.body)).not.toThrow();
  });

  it("adds a question's how-to-answer-by-mention line to the embed's footer", () => {
    const [card] = renderMessage({
      text: "Where is it?",
      footer: "Question 3 of 4",
      askReply: { placeholder: "Your answer", byMention: "Mention the bot in your answer." },
    });
    expect(card!.body.embeds[0]).toMatchObject({
      footer: { text: "Question 3 of 4\nMention the bot in your answer." },
    });
    expect(valid(card!.body)).not.toThrow();
    const [plain] = renderMessage({ text: "Where is it?", askReply: { placeholder: "Your answer" } });
    expect(plain!.body.embeds).toEqual([]);
  });

  it("keeps content within 2,000 characters however much escaping adds", () => {
    const parts = renderMessage({ text: "*_".repeat(1400) });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.body.content.length).toBeLessThanOrEqual(2000);
      expect(valid(part.body)).not.toThrow();
    }
    expect(parts.map((p) => asRead(p.body.content)).join("")).toBe("*_".repeat(1400));
  });

  it("packs buttons 5 to a row, 5 rows at most, the rest as /press lines", () => {
    const buttons: RenderedButton[] = Array.from({ length: 28 }, (_, i) => ({
      label: `Option ${i + 1}`,
      actionId: `a${i}`,
      style: "default",
    }));
    const { rows, overflow } = layoutButtons([buttons]);
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(overflow).toEqual(["Option 26: /press a25", "Option 27: /press a26", "Option 28: /press a27"]);
    const [message] = renderMessage({ text: "Vote", buttons: [buttons] });
    expect(message!.body.content).toContain("Option 28: /press a27");
    expect(valid(message!.body)).not.toThrow();
  });

  it("attaches a file to the last message", () => {
    const [message] = renderMessage({
      text: "Hours",
      attachment: { filename: "hours.csv", mimeType: "text/csv", content: "a,b\n1,2\n" },
    });
    expect(message!.files).toEqual([{ name: "hours.csv", data: Buffer.from("a,b\n1,2\n"), contentType: "text/csv" }]);
    expect(message!.body.attachments).toEqual([{ id: 0, filename: "hours.csv" }]);
  });

  it("keeps an edit to one message, cut visibly", () => {
    const edit = renderEdit({
      text: "word ".repeat(600),
      buttons: [[{ label: "Join", actionId: "j", style: "primary" }]],
    });
    expect(edit.body.content.length).toBeLessThanOrEqual(2000);
    expect(edit.body.content.endsWith("…")).toBe(true);
    expect(edit.body.components).toHaveLength(1);
  });

  it("escapes a backslash so it cannot undo an escape", () => {
    expect(asRead(escapeText("\\*not bold*"))).toBe("\\*not bold*");
  });
});
