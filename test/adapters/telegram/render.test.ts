// Telegram HTML rendering: escaping, card structure, and the visible-length
// budget. Each result is parsed with the fake's copy of Telegram's HTML parser,
// so "Telegram would accept it and show this" is what is checked.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { escapeHtml } from "../../../adapters/telegram/html-escape.js";
import { renderOnePage, renderPages, TRUNCATION_NOTICE } from "../../../adapters/telegram/render.js";
import type { RenderedMessage } from "../../../src/core/messages.js";
import { parseHtml } from "../../fakes/telegram/html-entities.js";

const LIMIT = 4096;

function shown(html: string) {
  return parseHtml(html, { strictEscaping: true });
}

describe("escapeHtml", () => {
  it("escapes exactly &, < and >", () => {
    assert.equal(escapeHtml(`<b>Tom & "Jerry" 'x'</b> &amp;`), `&lt;b&gt;Tom &amp; "Jerry" 'x'&lt;/b&gt; &amp;amp;`);
  });

  it("round-trips through Telegram's parser unchanged", () => {
    const nasty = `<script>alert(1)</script> & &lt; <a href="x">y</a> <b>bold</b> 2 < 3 > 1 &#128512;`;
    assert.equal(shown(escapeHtml(nasty)).text, nasty);
    assert.deepEqual(shown(escapeHtml(nasty)).entities, []);
  });
});

describe("renderPages: card structure", () => {
  it("renders title, text, fields, code and footer with Telegram's tags", () => {
    const message: RenderedMessage = {
      title: "Sorting <day>",
      text: "Bring gloves & water",
      fields: [
        { label: "Where", value: "Kallio library" },
        { label: "When", value: "Sat 10:00" },
      ],
      code: "a < b",
      footer: "Reply with /task",
    };
    const [page, ...rest] = renderPages(message, { limit: LIMIT });
    assert.equal(rest.length, 0);
    assert.equal(
      page!.html,
      "<b>Sorting &lt;day&gt;</b>\nBring gloves &amp; water\n\n<b>Where:</b> Kallio library\n<b>When:</b> Sat 10:00\n\n<pre>a &lt; b</pre>\n\n<i>Reply with /task</i>",
    );
    const parsed = shown(page!.html);
    assert.equal(
      parsed.text,
      "Sorting <day>\nBring gloves & water\n\nWhere: Kallio library\nWhen: Sat 10:00\n\na < b\n\nReply with /task",
    );
    assert.equal(page!.visibleLength, parsed.text.length);
    assert.deepEqual(
      parsed.entities.map((e) => e.type),
      ["bold", "bold", "bold", "pre", "italic"],
    );
  });

  it("puts a mention first, as a tg://user link with the name escaped", () => {
    const [page] = renderPages(
      { text: "your code is 1234", mention: { identityId: "telegram:42", name: "A<&>B" } },
      { limit: LIMIT },
    );
    assert.equal(page!.html, '<a href="tg://user?id=42">A&lt;&amp;&gt;B</a> your code is 1234');
    const parsed = shown(page!.html);
    assert.equal(parsed.text, "A<&>B your code is 1234");
    assert.deepEqual(parsed.entities, [{ type: "text_link", offset: 0, length: 5, url: "tg://user?id=42" }]);
  });

  it("shows a mention the core could not name, and never links another platform's id", () => {
    const [nameless] = renderPages({ text: "hi", mention: { identityId: "telegram:7", name: "" } }, { limit: LIMIT });
    assert.equal(shown(nameless!.html).text, "👤 hi");
    const [foreign] = renderPages(
      { text: "hi", mention: { identityId: "slack:T1:U2", name: "Sam" } },
      { limit: LIMIT },
    );
    assert.equal(foreign!.html, "Sam hi");
  });

  it("never sends an empty message", () => {
    const [page] = renderPages({ text: "" }, { limit: LIMIT });
    assert.ok(shown(page!.html).text.trim().length > 0);
  });

  it("user text cannot open a tag or an entity, in any part of the card", () => {
    const evil = `</b><i>&amp;<a href="tg://user?id=1">x</a>`;
    const pages = renderPages(
      { title: evil, text: evil, fields: [{ label: evil, value: evil }], code: evil, footer: evil },
      { limit: LIMIT },
    );
    const parsed = shown(pages[0]!.html);
    assert.equal(parsed.entities.filter((e) => e.type === "text_link").length, 0);
    assert.equal(parsed.text.split(evil).length - 1, 6);
  });
});

describe("renderPages: the 4096 limit", () => {
  it("splits a card whose field holds a 5,000-character description into pages that each fit, losing nothing", () => {
    const description = `${"Streetlight <broken> & flickering. ".repeat(143)}END`;
    assert.ok(description.length > 5000);
    const pages = renderPages(
      {
        title: "Request #12",
        text: "A resident wrote:",
        fields: [
          { label: "Description", value: description },
          { label: "Status", value: "open" },
        ],
        footer: "Reply to acknowledge",
      },
      { limit: LIMIT },
    );
    assert.ok(pages.length >= 2);
    const texts = pages.map((p) => shown(p.html).text);
    for (const [i, text] of texts.entries()) {
      assert.ok(text.length <= LIMIT, `page ${i} has ${text.length}`);
      assert.equal(pages[i]!.visibleLength, text.length);
    }
    // Cuts fall between words; with whitespace evened out, the description is all there, in order.
    const all = texts.join("\n").replace(/\s+/g, " ");
    assert.ok(all.includes(description.replace(/\s+/g, " ").trim()));
    assert.match(texts[0]!, /^Request #12\nA resident wrote:\n\nDescription: Streetlight/);
    assert.match(texts.at(-1)!, /Status: open\n\nReply to acknowledge$/);
  });

  it("splits long code into several <pre> blocks at line boundaries", () => {
    const code = Array.from({ length: 600 }, (_, i) => `row ${i}; a < b && c > d`).join("\n");
    const pages = renderPages({ text: "Report", code }, { limit: LIMIT });
    assert.ok(pages.length >= 4);
    for (const page of pages) {
      const parsed = shown(page.html);
      assert.ok(parsed.text.length <= LIMIT);
      assert.ok(parsed.entities.every((e) => e.type === "pre"));
    }
    const rows = pages.flatMap((p) => shown(p.html).text.split("\n")).filter((l) => l.startsWith("row "));
    assert.equal(rows.length, 600);
  });

  it("counts visible characters, not markup: 4,096 escaped characters fit in one page", () => {
    const pages = renderPages({ text: "<".repeat(LIMIT) }, { limit: LIMIT });
    assert.equal(pages.length, 1);
    assert.equal(pages[0]!.html.length, LIMIT * 4);
    assert.equal(shown(pages[0]!.html).text.length, LIMIT);
  });

  it("never splits a surrogate pair", () => {
    const pages = renderPages({ text: "😀".repeat(3000) }, { limit: LIMIT });
    for (const page of pages) assert.doesNotMatch(shown(page.html).text, /[\ud800-\udbff](?![\udc00-\udfff])/);
    assert.equal(pages.map((p) => shown(p.html).text).join("").length, 6000);
  });

  it("renderOnePage fits an over-long card into one message and marks the cut", () => {
    const page = renderOnePage({ title: "Card", text: "x ".repeat(2500), code: "y".repeat(3000) }, { limit: LIMIT });
    const parsed = shown(page.html);
    assert.ok(parsed.text.length <= LIMIT, String(parsed.text.length));
    assert.ok(parsed.text.endsWith(TRUNCATION_NOTICE));
    assert.equal(page.visibleLength, parsed.text.length);
    const short = renderOnePage({ text: "short" }, { limit: LIMIT });
    assert.equal(short.html, "short");
  });

  it("lays out a caption within its own 1,024 limit", () => {
    const pages = renderPages({ title: "Hours report", text: "t ".repeat(700) }, { limit: 1024 });
    assert.ok(pages.length >= 2);
    for (const page of pages) assert.ok(shown(page.html).text.length <= 1024);
  });
});
