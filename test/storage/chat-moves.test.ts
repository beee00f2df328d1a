// ChatMoves: a chat's new id (a Telegram group upgraded to a supergroup)
// reaches every row that names it, in one go, and moving twice changes nothing.
import assert from "node:assert/strict";
import { it } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabase } from "../support/databases.js";

const OLD = "telegram:-4001";
const NEW = "telegram:-1004001";
const ref = (chatId: string, messageId: string) => JSON.stringify({ platform: "telegram", chatId, messageId });

/** One of everything that names a chat, all naming OLD. */
async function seed(database: Database): Promise<void> {
  const db = database.db;
  const community = await db.community.create({ data: { name: "Kallio" } });
  await db.chat.create({
    data: { id: OLD, platform: "telegram", title: "Team", communityId: community.id, role: "officials", locale: "fi" },
  });
  const person = await db.person.create({ data: { displayName: "Alice" } });
  await db.identity.create({
    data: { id: "telegram:42", platform: "telegram", personId: person.id, displayName: "Alice", directChatId: OLD },
  });
  const task = await db.task.create({
    data: {
      communityId: community.id,
      title: "Sorting",
      startsAt: new Date(),
      capacity: 2,
      originChatId: OLD,
      createdByPersonId: person.id,
    },
  });
  await db.taskPost.create({ data: { taskId: task.id, chatId: OLD, messageRef: ref(OLD, "5") } });
  await db.signup.create({
    data: {
      taskId: task.id,
      personId: person.id,
      status: "confirmed",
      queuedAt: new Date(),
      identityId: "telegram:42",
      chatId: OLD,
    },
  });
  const poll = await db.poll.create({
    data: { communityId: community.id, question: "When?", createdByPersonId: person.id, originChatId: OLD },
  });
  await db.pollPost.create({ data: { pollId: poll.id, chatId: OLD, messageRef: ref(OLD, "6") } });
  await db.contact.create({ data: { communityId: community.id, name: "City lighting", chatId: OLD } });
  const request = await db.serviceRequest.create({
    data: { communityId: community.id, number: "K-1001", categoryId: 1, description: "Lamp", originChatId: OLD },
  });
  await db.requestFollower.create({
    data: { requestId: request.id, personId: person.id, identityId: "telegram:42", chatId: OLD },
  });
  await db.requestCard.create({ data: { requestId: request.id, chatId: OLD, messageRef: ref(OLD, "7") } });
  await db.storedAction.create({ data: { id: "a1", placeKey: "k1", action: "task.join", args: "[]", chatId: OLD } });
  await db.pendingAction.create({
    data: {
      id: "p1",
      identityId: "telegram:42",
      event: JSON.stringify({ kind: "command", conversation: { platform: "telegram", chatId: OLD } }),
      expiresAt: new Date(Date.now() + 60_000),
    },
  });
  await db.outboxMessage.create({
    data: { destination: OLD, platform: "telegram", message: JSON.stringify({ v: 1, message: { text: "hi" } }) },
  });
  await db.outboxMessage.create({
    data: {
      destination: OLD,
      platform: "telegram",
      message: JSON.stringify({ v: 1, message: { text: "edit" }, editOf: JSON.parse(ref(OLD, "7")) }),
    },
  });
}

/** Every place that still names OLD, by table; empty when the move is complete. */
async function leftovers(database: Database): Promise<string[]> {
  const db = database.db;
  const counts: [string, number][] = [
    ["chat", await db.chat.count({ where: { id: OLD } })],
    ["identity", await db.identity.count({ where: { directChatId: OLD } })],
    ["task", await db.task.count({ where: { originChatId: OLD } })],
    ["taskPost", await db.taskPost.count({ where: { OR: [{ chatId: OLD }, { messageRef: { contains: OLD } }] } })],
    ["signup", await db.signup.count({ where: { chatId: OLD } })],
    ["poll", await db.poll.count({ where: { originChatId: OLD } })],
    ["pollPost", await db.pollPost.count({ where: { OR: [{ chatId: OLD }, { messageRef: { contains: OLD } }] } })],
    ["contact", await db.contact.count({ where: { chatId: OLD } })],
    ["serviceRequest", await db.serviceRequest.count({ where: { originChatId: OLD } })],
    ["requestFollower", await db.requestFollower.count({ where: { chatId: OLD } })],
    [
      "requestCard",
      await db.requestCard.count({ where: { OR: [{ chatId: OLD }, { messageRef: { contains: OLD } }] } }),
    ],
    ["storedAction", await db.storedAction.count({ where: { chatId: OLD } })],
    ["pendingAction", await db.pendingAction.count({ where: { event: { contains: OLD } } })],
    [
      "outboxMessage",
      await db.outboxMessage.count({ where: { OR: [{ destination: OLD }, { message: { contains: OLD } }] } }),
    ],
  ];
  return counts.filter(([, n]) => n > 0).map(([table]) => table);
}

forEachDatabase("chat moves", (getDatabase) => {
  it("rewrites every row that names the old id, keeps the chat's community, role and language, and is idempotent", async () => {
    const database = getDatabase();
    await seed(database);
    const store = new Store(database);
    // The supergroup's first update was seen before the move: an unlinked row is there already.
    await database.db.chat.create({ data: { id: NEW, platform: "telegram", title: "Team" } });
    await store.chats.find(OLD);

    await store.chatMoves.move(OLD, NEW);

    assert.deepEqual(await leftovers(database), []);
    const moved = await store.chats.find(NEW);
    assert.equal(moved?.role, "officials");
    assert.equal(moved?.locale, "fi");
    assert.ok(moved?.communityId);
    assert.equal(await database.db.outboxMessage.count({ where: { destination: NEW, status: "pending" } }), 2);

    await store.chatMoves.move(OLD, NEW);
    assert.deepEqual(await leftovers(database), []);
    assert.equal((await store.chats.find(NEW))?.role, "officials");
  });
});
