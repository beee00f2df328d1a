// The chat-admin cache: statuses, expiry, shared look-ups, failures.
import assert from "node:assert/strict";
import { it } from "vitest";
import { ChatAdmins } from "../../../adapters/telegram/chat-admins.js";

function counting(statuses: Record<string, string>) {
  const asked: string[] = [];
  const lookup = async (chatId: number, userId: number) => {
    asked.push(`${chatId}:${userId}`);
    const status = statuses[`${chatId}:${userId}`];
    if (!status) throw new Error("user not found");
    return status;
  };
  return { asked, lookup };
}

it("creator and administrator are admins; member, restricted, left are not", async () => {
  const { lookup } = counting({ "-1:1": "creator", "-1:2": "administrator", "-1:3": "member", "-1:4": "restricted" });
  const admins = new ChatAdmins({ lookup });
  assert.deepEqual(await Promise.all([1, 2, 3, 4].map((user) => admins.isAdmin(-1, user))), [true, true, false, false]);
});

it("remembers an answer per chat and user until it expires", async () => {
  let now = 1_000;
  const { asked, lookup } = counting({ "-1:1": "administrator", "-2:1": "member" });
  const admins = new ChatAdmins({ lookup, ttlMs: 60_000, now: () => now });
  assert.equal(await admins.isAdmin(-1, 1), true);
  assert.equal(await admins.isAdmin(-1, 1), true);
  assert.equal(await admins.isAdmin(-2, 1), false);
  assert.deepEqual(asked, ["-1:1", "-2:1"]);
  now += 60_001;
  await admins.isAdmin(-1, 1);
  assert.deepEqual(asked, ["-1:1", "-2:1", "-1:1"]);
  admins.forgetChat(-2);
  await admins.isAdmin(-2, 1);
  assert.equal(asked.length, 4);
});

it("concurrent questions share one look-up", async () => {
  const { asked, lookup } = counting({ "-1:1": "creator" });
  const admins = new ChatAdmins({ lookup });
  await Promise.all([admins.isAdmin(-1, 1), admins.isAdmin(-1, 1), admins.isAdmin(-1, 1)]);
  assert.equal(asked.length, 1);
});

it("a failed look-up counts as not an admin, is reported, and is asked again next time", async () => {
  const { asked, lookup } = counting({});
  const errors: unknown[] = [];
  const admins = new ChatAdmins({ lookup, onError: (error) => errors.push(error) });
  assert.equal(await admins.isAdmin(-1, 9), false);
  assert.equal(await admins.isAdmin(-1, 9), false);
  assert.equal(asked.length, 2);
  assert.equal(errors.length, 2);
});

it("stays within its size bound, forgetting the oldest", async () => {
  const { asked, lookup } = counting({ "-1:1": "member", "-1:2": "member", "-1:3": "member" });
  const admins = new ChatAdmins({ lookup, maxEntries: 2 });
  for (const user of [1, 2, 3]) await admins.isAdmin(-1, user);
  await admins.isAdmin(-1, 3);
  await admins.isAdmin(-1, 1);
  assert.deepEqual(asked, ["-1:1", "-1:2", "-1:3", "-1:1"]);
});
