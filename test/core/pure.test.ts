// Small pure pieces of the core: roles, mention safety, text splitting, i18n.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { flattenKeys, localeFromHint, type Translations } from "../../src/core/i18n.js";
import { destinationOfChat, platformOf } from "../../src/core/ids.js";
import { coreTranslations } from "../../src/core/locales/core.js";
import { neutraliseMentions } from "../../src/core/mentions.js";
import { satisfies } from "../../src/core/roles.js";
import { splitText } from "../../src/core/text-split.js";
import { communityTranslations } from "../../src/domain/communities/translations.js";

describe("satisfies (roles)", () => {
  const linked = (role: "member" | "coordinator" | "official" | "admin") => ({
    role,
    isChatAdmin: false,
    chatLinked: true,
    isDirect: false,
  });

  it("orders member < coordinator, official < admin, with coordinator and official apart", () => {
    assert.equal(satisfies(linked("member"), "member"), true);
    assert.equal(satisfies(linked("member"), "coordinator"), false);
    assert.equal(satisfies(linked("coordinator"), "coordinator"), true);
    assert.equal(satisfies(linked("coordinator"), "official"), false);
    assert.equal(satisfies(linked("official"), "official"), true);
    assert.equal(satisfies(linked("official"), "admin"), false);
    assert.equal(satisfies(linked("admin"), "official"), true);
    assert.equal(satisfies(linked("admin"), "coordinator"), true);
  });

  it("counts a platform chat-admin as admin only while the chat is not linked", () => {
    assert.equal(satisfies({ role: undefined, isChatAdmin: true, chatLinked: false, isDirect: false }, "admin"), true);
    assert.equal(
      satisfies({ role: undefined, isChatAdmin: false, chatLinked: false, isDirect: false }, "admin"),
      false,
    );
    assert.equal(satisfies({ role: "member", isChatAdmin: true, chatLinked: true, isDirect: false }, "admin"), false);
    assert.equal(
      satisfies({ role: "member", isChatAdmin: true, chatLinked: true, isDirect: false }, "chatAdmin"),
      true,
    );
    // Every platform calls a person the admin of their direct chat with the bot: that grants no community role.
    const direct = { role: undefined, isChatAdmin: true, chatLinked: false, isDirect: true };
    for (const role of ["member", "coordinator", "official", "admin"] as const) {
      assert.equal(satisfies(direct, role), role === "member", role);
    }
    assert.equal(satisfies(direct, "chatAdmin"), true, "its own settings, such as /lang");
  });
});

describe("neutraliseMentions", () => {
  it("defuses mass mentions and mention markup", () => {
    const out = neutraliseMentions("hi @everyone and @here, <!channel> <@U123> <#C1> <@&99>");
    assert.doesNotMatch(out, /@everyone|@here|<!channel>|<@U123>|<#C1>|<@&99>/);
    assert.equal(out.replace(/\u2060/g, ""), "hi @everyone and @here, <!channel> <@U123> <#C1> <@&99>");
  });

  it("leaves ordinary text alone", () => {
    assert.equal(neutraliseMentions("mail me at a@b.fi, 3 < 4 > 2"), "mail me at a@b.fi, 3 < 4 > 2");
  });
});

describe("splitText", () => {
  it("keeps every character and respects the limit", () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} with some words`).join("\n");
    const parts = splitText(text, 500);
    assert.ok(parts.every((p) => p.length <= 500));
    assert.equal(parts.join("\n"), text);
  });

  it("cuts a word-less run hard, never inside a surrogate pair", () => {
    const parts = splitText("😀".repeat(30), 7);
    assert.ok(parts.every((p) => p.length <= 7 && !/^[\udc00-\udfff]/.test(p)));
    assert.equal(parts.join(""), "😀".repeat(30));
  });
});

describe("translations", () => {
  const bundles: Translations[] = [coreTranslations, communityTranslations];
  for (const bundle of bundles) {
    it(`${bundle.namespace}: fi and sv have exactly the English keys and placeholders`, () => {
      const en = flattenKeys(bundle.en).sort();
      for (const locale of ["fi", "sv"] as const) {
        assert.deepEqual(flattenKeys(bundle[locale]).sort(), en, `${bundle.namespace}/${locale} keys`);
      }
    });
  }

  it("maps platform hints to supported locales", () => {
    assert.equal(localeFromHint("fi-FI"), "fi");
    assert.equal(localeFromHint("sv_SE"), "sv");
    assert.equal(localeFromHint("de"), undefined);
    assert.equal(localeFromHint(undefined), undefined);
  });
});

describe("namespaced ids", () => {
  it("reads the platform from a stored chat id, whatever follows it", () => {
    assert.equal(platformOf("telegram:-100123"), "telegram");
    assert.equal(platformOf("slack:T1:C2"), "slack");
    assert.deepEqual(destinationOfChat("slack:T1:C2"), { platform: "slack", chatId: "slack:T1:C2" });
  });
});
