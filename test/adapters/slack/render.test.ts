// render.ts: Block Kit cards Slack accepts (checked with the fake's
// validator, Slack's limits and error wording), and user text that is shown,
// never parsed: no pings, no links, no channel references.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { escapeMrkdwn, splitMrkdwn, truncateMrkdwn } from "../../../adapters/slack/mrkdwn.js";
import { renderCard, type SlackCard } from "../../../adapters/slack/render.js";
import type { RenderedMessage } from "../../../src/core/messages.js";
import { mrkdwnTexts, validateBlocks } from "../../fakes/slack/blocks-validate.js";
import { pingsIn, renderPlain } from "../../fakes/slack/mrkdwn.js";
import type { JsonObject, JsonValue } from "../../fakes/slack/types.js";

function json(card: SlackCard): JsonObject[] {
  return JSON.parse(JSON.stringify(card.blocks)) as JsonObject[];
}

function assertValid(card: SlackCard): JsonObject[] {
  const blocks = json(card);
  const result = validateBlocks(blocks as JsonValue[]);
  assert.ok(result.ok, result.ok ? "" : result.errors.join("\n"));
  assert.ok(card.text.length > 0, "the text fallback is always set");
  return blocks;
}

/** Everything in the card Slack would parse as mrkdwn, fallback text included. */
function mrkdwnOf(card: SlackCard): string[] {
  return [card.text, ...mrkdwnTexts(json(card))];
}

function assertNoPings(card: SlackCard): void {
  for (const text of mrkdwnOf(card)) {
    assert.deepEqual(pingsIn(text), { users: [], broadcasts: [], usergroups: [] }, text);
    assert.doesNotMatch(text, /<[^>]*>/, `no control sequence in ${text}`);
  }
}

const hostile = "Hi <!channel> <!here> <@U0ADMIN1> <#C0GENERAL|general> <https://evil.example|click> & friends";

describe("renderCard", () => {
  it("shows a question's how-to-answer-by-mention line in its context block", () => {
    const card = renderCard({
      text: "Where is it?",
      footer: "Question 3 of 4",
      askReply: { placeholder: "Your answer", byMention: "Mention the bot in your answer." },
    });
    const blocks = assertValid(card);
    const context = JSON.stringify(blocks.filter((b) => b.type === "context"));
    assert.match(context, /Question 3 of 4\\nMention the bot in your answer\./);
  });

  it("draws title, text, fields, code, footer and buttons as valid Block Kit", () => {
    const card = renderCard({
      title: "Park clean-up",
      text: "Saturday 10:00 at the library",
      fields: [
        { label: "Slots", value: "3 of 5" },
        { label: "Place", value: "Kallio library" },
      ],
      code: "name,hours\naino,3",
      footer: "Task #12",
      buttons: [
        [
          { label: "Join", actionId: "a1", style: "primary" },
          { label: "Leave", actionId: "a2", style: "danger" },
          { label: "Details", actionId: "a3", style: "default" },
        ],
      ],
    });
    const blocks = assertValid(card);
    assert.deepEqual(
      blocks.map((b) => b.type),
      ["header", "section", "section", "section", "context", "actions"],
    );
    assert.equal((blocks[2]!.fields as JsonObject[])[0]!.text, "*Slots*\n3 of 5");
    assert.deepEqual(blocks[0]!.text, { type: "plain_text", text: "Park clean-up" });
    assert.deepEqual(blocks[1]!.text, { type: "mrkdwn", text: "Saturday 10:00 at the library", verbatim: true });
    assert.equal((blocks[3]!.text as JsonObject).text, "```\nname,hours\naino,3\n```");
    const buttons = blocks[5]!.elements as JsonObject[];
    assert.deepEqual(
      buttons.map((b) => [b.action_id, b.value, b.style]),
      [
        ["talkoot:0.0", "a1", "primary"],
        ["talkoot:0.1", "a2", "danger"],
        ["talkoot:0.2", "a3", undefined],
      ],
    );
    assert.equal(card.text, "Park clean-up\nSaturday 10:00 at the library");
  });

  it("escapes every user-derived text, so nothing in it can ping, link or refer to a channel", () => {
    const card = renderCard({
      title: hostile,
      text: hostile,
      fields: [{ label: hostile, value: hostile }],
      footer: hostile,
      code: hostile,
      buttons: [[{ label: hostile, actionId: "x", style: "default" }]],
    });
    assertValid(card);
    assertNoPings(card);
    // The person reads exactly what was typed.
    const section = mrkdwnTexts(json(card))[0]!;
    assert.equal(renderPlain(section), hostile);
    assert.match(card.text, /&lt;!channel&gt;/);
    assert.match(card.text, /&amp; friends/);
  });

  it("pings the person the core mentions, and only them", () => {
    const card = renderCard({
      text: "your shift starts at 10 <!here>",
      mention: { identityId: "slack:T0KALLIO:U0AINO1", name: "Aino" },
    });
    assertValid(card);
    for (const text of mrkdwnOf(card)) assert.deepEqual(pingsIn(text).users, ["U0AINO1"]);
    assert.deepEqual(pingsIn(card.text).broadcasts, []);
    assert.ok(card.text.startsWith("<@U0AINO1> your shift"));
  });

  it("pings every person of a group notice, and only them", () => {
    const card = renderCard({
      text: "the shift moved",
      mentions: [
        { identityId: "slack:T0KALLIO:U0AINO1", name: "Aino" },
        { identityId: "slack:T0KALLIO:U0EERO1", name: "Eero" },
      ],
    });
    assertValid(card);
    assert.deepEqual(pingsIn(card.text).users, ["U0AINO1", "U0EERO1"]);
    assert.ok(card.text.startsWith("<@U0AINO1> <@U0EERO1> the shift moved"));
  });

  it("names someone from another platform without pinging anybody", () => {
    const card = renderCard({
      text: "asked for help",
      mention: { identityId: "telegram:42", name: "Olga <!channel>" },
    });
    assertValid(card);
    assertNoPings(card);
    assert.ok(card.text.startsWith("@Olga &lt;!channel&gt; asked"));
  });

  it("splits text that grows past 3000 characters when escaped into several sections, losing nothing", () => {
    const text = "<&> ".repeat(700); // 2800 characters, 9100 escaped
    const card = renderCard({ text });
    const blocks = assertValid(card);
    assert.ok(blocks.length >= 4);
    for (const block of blocks) assert.ok(((block.text as JsonObject).text as string).length <= 3000);
    const shown = blocks.map((b) => renderPlain((b.text as JsonObject).text as string)).join(" ");
    assert.equal(shown.trimEnd(), text.trimEnd());
  });

  it("puts a title longer than a header allows into a bold section", () => {
    const card = renderCard({ title: "x".repeat(151), text: "body" });
    const blocks = assertValid(card);
    assert.equal(blocks[0]!.type, "section");
    assert.equal((blocks[0]!.text as JsonObject).text, `*${"x".repeat(151)}*`);
  });

  it("keeps to Slack's limits: ten fields a section, 25 buttons a block, 75 characters a label", () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: "v".repeat(2500) }));
    const row = Array.from({ length: 30 }, (_, i) => ({
      label: `${"b".repeat(80)}${i}`,
      actionId: `id${i}`,
      style: "default" as const,
    }));
    const card = renderCard({
      text: "limits",
      fields,
      buttons: [row, [{ label: "Last", actionId: "z", style: "default" }]],
    });
    const blocks = assertValid(card);
    const fieldSections = blocks.filter((b) => Array.isArray(b.fields));
    assert.deepEqual(
      fieldSections.map((b) => (b.fields as JsonValue[]).length),
      [10, 2],
    );
    const actions = blocks.filter((b) => b.type === "actions");
    assert.deepEqual(
      actions.map((b) => (b.elements as JsonValue[]).length),
      [25, 5, 1],
    );
    const ids = actions.flatMap((b) => (b.elements as JsonObject[]).map((e) => e.action_id));
    assert.equal(new Set(ids).size, 31, "action_id is unique within the message");
    const label = ((actions[0]!.elements as JsonObject[])[0]!.text as JsonObject).text as string;
    assert.equal(label.length, 75);
    assert.ok(label.endsWith("…"));
  });

  it("never draws more than 50 blocks, showing that something was cut", () => {
    const card = renderCard({
      text: "big",
      code: "line of code\n".repeat(20_000),
      buttons: [[{ label: "Ok", actionId: "ok", style: "default" }]],
    });
    const blocks = assertValid(card);
    assert.equal(blocks.length, 50);
    assert.equal(blocks.at(-1)!.type, "actions", "buttons are never cut");
    assert.equal(((blocks.at(-2)!.elements as JsonObject[])[0] as JsonObject).text, "…");
  });

  it("always has a fallback text, even for a card without text", () => {
    const cases: RenderedMessage[] = [
      { text: "", title: "Only a title" },
      { text: "", fields: [{ label: "Hours", value: "3" }] },
      { text: "", attachment: { filename: "hours.csv", mimeType: "text/csv", content: "a,b" } },
      { text: "   " },
    ];
    assert.deepEqual(
      cases.map((m) => renderCard(m).text),
      ["Only a title", "Hours: 3", "hours.csv", "Talkoot"],
    );
    for (const m of cases) assertValid(renderCard(m));
  });
});

describe("mrkdwn helpers", () => {
  it("escapes exactly &, < and >", () => {
    assert.equal(escapeMrkdwn("a & b <c> *d* _e_"), "a &amp; b &lt;c&gt; *d* _e_");
  });

  it("never cuts an entity, a control sequence or a surrogate pair", () => {
    const alphabet = ["&amp;", "&lt;", "&gt;", "a", "b", " ", "\n", "😀", "<@U0AINO1>"];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 400 }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const max = 20 + Math.floor(random() * 60);
      const parts = splitMrkdwn(text, max);
      for (const part of parts) {
        assert.ok(part.length <= max, `${part.length} > ${max}`);
        assert.doesNotMatch(part, /&[a-z]{0,3}$/, "no entity cut at the end");
        assert.doesNotMatch(part, /^[a-z]{1,3};/, "no entity cut at the start");
        assert.doesNotMatch(part, /<[^>]*$/, "no control sequence cut");
        assert.doesNotMatch(part, /[\ud800-\udbff]$/, "no surrogate pair cut");
      }
      assert.equal(parts.join("").replace(/[\n ]/g, ""), text.replace(/[\n ]/g, ""));
    }
    assert.equal(truncateMrkdwn("abc &amp; def", 6), "abc …");
  });
});
