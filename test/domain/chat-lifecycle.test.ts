// ChatLifecycle: a community's chat that the bot can no longer post in is
// marked once and its admins told once, in their direct chats (never the chat
// in question); back again, the same. A direct chat is never marked.
import assert from "node:assert/strict";
import { it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { Translator } from "../../src/core/i18n.js";
import { coreTranslations } from "../../src/core/locales/core.js";
import { createLogger } from "../../src/core/logger.js";
import { ChatLifecycle } from "../../src/domain/communities/chat-lifecycle.js";
import { communityTranslations } from "../../src/domain/communities/translations.js";
import { Notifier } from "../../src/domain/notifications/notifier.js";
import { Outbox } from "../../src/outbox/outbox.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabase } from "../support/databases.js";

const TEAM = "telegram:-1005001";
const ADMIN_DM = "telegram:5001";

forEachDatabase("chat lifecycle", (getDatabase) => {
  it("marks a community's chat once, tells its admin privately once, and again when it is back", async () => {
    const database = getDatabase();
    const db = database.db;
    const clock = new ManualClock();
    const store = new Store(database);
    const outbox = new Outbox(database, clock);
    const translator = new Translator([coreTranslations, communityTranslations]);
    const lifecycle = new ChatLifecycle({
      store,
      notifier: new Notifier(outbox, store, translator),
      clock,
      logger: createLogger({ level: "silent" }),
    });
    const community = await db.community.create({ data: { name: "Kallio" } });
    await db.chat.create({
      data: { id: TEAM, platform: "telegram", title: "City team", communityId: community.id, role: "officials" },
    });
    await db.chat.create({ data: { id: ADMIN_DM, platform: "telegram", title: "Alice" } });
    const alice = await db.person.create({ data: { displayName: "Alice" } });
    await db.identity.create({
      data: {
        id: "telegram:5001",
        platform: "telegram",
        personId: alice.id,
        displayName: "Alice",
        directChatId: ADMIN_DM,
      },
    });
    await db.membership.create({ data: { communityId: community.id, personId: alice.id, role: "admin" } });

    const removed = { kind: "unreachable", platform: "telegram", chatId: TEAM, reason: "kicked" } as const;
    await lifecycle.handle(removed);
    await lifecycle.handle(removed);
    assert.equal(await store.chats.unreachableReason(TEAM), "kicked");
    const told = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    assert.deepEqual(
      told.map((row) => row.destination),
      [ADMIN_DM],
      "told once, privately",
    );
    assert.match(told[0]!.message, /can no longer post in “City team” of “Kallio”: the bot was banned/);

    await lifecycle.handle({ kind: "reachable", platform: "telegram", chatId: TEAM });
    await lifecycle.handle({ kind: "reachable", platform: "telegram", chatId: TEAM });
    assert.equal(await store.chats.unreachableReason(TEAM), undefined);
    const all = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    assert.equal(all.length, 2);
    assert.match(all[1]!.message, /can post in “City team” of “Kallio” again/);

    // A direct chat that fails is never marked: no event would ever bring it back.
    await lifecycle.handle({ kind: "unreachable", platform: "telegram", chatId: ADMIN_DM, reason: "removed" });
    assert.equal(await store.chats.unreachableReason(ADMIN_DM), undefined);
  });
});
