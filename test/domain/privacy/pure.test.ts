// The pure pieces of the privacy rights: blanking a person out of text and
// JSON, and sending a long export in parts that lose nothing.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { Translator } from "../../../src/core/i18n.js";
import { chunkLines, exportMessages } from "../../../src/domain/privacy/export-messages.js";
import { REDACTED, redactJson, redactorFor } from "../../../src/domain/privacy/redaction.js";
import { privacyTranslations } from "../../../src/domain/privacy/translations.js";

describe("redaction", () => {
  const redact = redactorFor(["Zelda Zorn", "zz", "telegram:4242"]);

  it("blanks names, ids, e-mail addresses and phone numbers, and leaves the rest", () => {
    assert.equal(
      redact("Zelda Zorn (telegram:4242): lamp out, call +358 40 123 4567 or zelda@example.fi"),
      `${REDACTED} (${REDACTED}): lamp out, call ${REDACTED} or ${REDACTED}`,
    );
    assert.equal(redact("Lamp out at Main street 12"), "Lamp out at Main street 12");
    assert.equal(redact("Seen 2026-12-04T08:00:00.000Z"), "Seen 2026-12-04T08:00:00.000Z", "a date is no phone number");
  });

  it("blanks a short name only where it is the whole text, so it cannot eat other words", () => {
    assert.equal(redact("zz"), REDACTED);
    assert.equal(redact("Fizzy drinks"), "Fizzy drinks");
  });

  it("redacts every string inside JSON and keeps its shape", () => {
    const json = JSON.stringify({ text: "Thanks, Zelda Zorn", mention: { identityId: "telegram:4242" }, n: 3 });
    assert.deepEqual(JSON.parse(redactJson(json, redact)), {
      text: `Thanks, ${REDACTED}`,
      mention: { identityId: REDACTED },
      n: 3,
    });
  });
});

describe("export messages", () => {
  const t = new Translator([privacyTranslations]).forLocale("en");
  const json = JSON.stringify(
    { format: "talkoot.mydata/1", rows: Array.from({ length: 400 }, (_, i) => ({ i, text: "x".repeat(i % 50) })) },
    null,
    2,
  );

  it("is one JSON file where the platform takes files", () => {
    const [message, ...rest] = exportMessages(json, "talkoot-mydata.json", { files: true, maxTextLength: 4096 }, t);
    assert.deepEqual(rest, []);
    assert.equal(message?.attachment?.content, json);
  });

  it("is numbered code blocks within the limit otherwise, which together hold every line", () => {
    const messages = exportMessages(json, "x.json", { files: false, maxTextLength: 2000 }, t);
    assert.ok(messages.length > 5);
    messages.forEach((m, i) => {
      assert.equal(m.text, `Your data (JSON, format talkoot.mydata/1), part ${i + 1} of ${messages.length}:`);
      assert.ok((m.code ?? "").length <= 1000);
    });
    assert.deepEqual(JSON.parse(messages.map((m) => m.code).join("\n")), JSON.parse(json));
  });

  it("splits a line longer than a part inside it, losing nothing", () => {
    const parts = chunkLines(`short\n${"y".repeat(25)}\nend`, 10);
    assert.ok(parts.every((p) => p.length <= 10));
    assert.deepEqual(parts, ["short", "y".repeat(10), "y".repeat(10), "yyyyy\nend"]);
  });
});
