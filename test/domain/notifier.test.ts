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
    const { person } = await store.people.resolve(
      { id: "memory:ada", name: "Ada", isChatAdmin: false },
      "memory",
      new Date(),
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
});
