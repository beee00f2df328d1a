// Notices queued inside a transaction read their addressing through that
// transaction: 15 concurrent transactions, each queueing a notice, finish on
// a pool of 10 connections (reading through the pool instead would hold all
// ten and wait for an eleventh).
import assert from "node:assert/strict";
import { it } from "vitest";
import { systemClock } from "../../src/core/clock.js";
import { Translator } from "../../src/core/i18n.js";
import { coreTranslations } from "../../src/core/locales/core.js";
import { Notifier } from "../../src/domain/notifications/notifier.js";
import { Outbox } from "../../src/outbox/outbox.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("notifier", (getDatabase) => {
  it("queues notices inside many concurrent transactions without a second connection each", async () => {
    const database = getDatabase();
    const store = new Store(database);
    const notifier = new Notifier(new Outbox(database, systemClock), store, new Translator([coreTranslations]));
    await store.chats.touch({ platform: "memory", chatId: "memory:home", isDirect: false, title: "home" });
    await store.chats.setLocale("memory:home", "fi");
    const { person } = await store.participants.resolve(
      { id: "memory:ada", name: "Ada", isChatAdmin: false },
      "memory",
      new Date(),
      undefined,
    );
    const target = { personId: person.id, identityId: "memory:ada", fallbackChatId: "memory:home" };
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        database.db.$transaction(
          (tx) =>
            notifier.toPerson(
              target,
              (t, locale) => ({ text: `${locale} ${i} ${t("core:roles.member")}` }),
              "test",
              tx,
            ),
          { timeout: 20_000 },
        ),
      ),
    );
    const rows = await database.db.outboxMessage.findMany({ where: { purpose: "test" } });
    assert.equal(rows.length, 15);
    // Addressed as the notifier would outside a transaction: the chat's language, a mention.
    const first = JSON.parse(rows[0]!.message) as { message: { text: string; mention?: { name: string } } };
    assert.match(first.message.text, /^fi \d+ jäsen$/);
    assert.equal(first.message.mention?.name, "Ada");
  });

  it("can keep a notice in the chat where the person asked, and take a named community's language last", async () => {
    const database = getDatabase();
    const store = new Store(database);
    const notifier = new Notifier(new Outbox(database, systemClock), store, new Translator([coreTranslations]));
    const { person } = await store.participants.resolve(
      { id: "memory:bea", name: "Bea", isChatAdmin: false },
      "memory",
      new Date(),
      undefined,
    );
    await store.chats.touch({ platform: "memory", chatId: "memory:asked", isDirect: false, title: "asked" });
    await store.chats.touch({ platform: "memory", chatId: "memory:bea-dm", isDirect: true, title: "dm" });
    await store.people.setDirectChat("memory:bea", "memory:bea-dm");
    await store.chats.touch({ platform: "memory", chatId: "memory:kallio", isDirect: false, title: "Kallio" });
    const community = await store.communities.create({
      name: "Kallio",
      timezone: "Europe/Helsinki",
      locale: "sv",
      chatId: "memory:kallio",
      adminPersonId: person.id,
    });
    const build = (t: (key: string) => string, locale: string) => ({ text: `${locale} ${t("core:roles.member")}` });
    const base = { personId: person.id, identityId: "memory:bea", fallbackChatId: "memory:asked" };

    await notifier.toPerson(base, build, "direct");
    await notifier.toPerson({ ...base, inFallbackChat: true, communityId: community.id }, build, "asked");

    const rows = await database.db.outboxMessage.findMany({ where: { purpose: { in: ["direct", "asked"] } } });
    const sent = Object.fromEntries(
      rows.map((row) => {
        const { message } = JSON.parse(row.message) as { message: { text: string; mention?: { name: string } } };
        return [row.purpose, { to: row.destination, text: message.text, mention: message.mention?.name }];
      }),
    );
    // Default: the direct chat, no mention; neither the person nor the chats chose a language.
    assert.deepEqual(sent.direct, { to: "memory:bea-dm", text: "en member", mention: undefined });
    // In the chat where they asked, with a mention, in the named community's language.
    assert.deepEqual(sent.asked, { to: "memory:asked", text: "sv medlem", mention: "Bea" });
  });
});
