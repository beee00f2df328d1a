// Resolving the person behind a platform author, on SQLite and PostgreSQL:
// made once on first sight (person and identity together), however many of
// their first events arrive at once; known afterwards, as Prisma reads it.
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { People } from "../../src/storage/repositories/people.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("resolving people", (getDatabase) => {
  let people: People;
  const now = new Date("2026-12-06T10:00:00.000Z");

  beforeAll(() => {
    people = new People(getDatabase());
  });

  it("makes a person and identity on first sight, and finds them after", async () => {
    const id = `telegram:${randomUUID()}`;
    const first = await people.resolve({ id, name: "Aino", handle: "aino", isChatAdmin: false }, "telegram", now);
    expect(first.created).toBe(true);
    const again = await people.resolve({ id, name: "Aino", handle: "aino", isChatAdmin: false }, "telegram", now);
    expect(again.created).toBeUndefined();
    expect(again.person).toEqual(first.person);
    expect(again.identity).toEqual(first.identity);
    const stored = await getDatabase().db.identity.findUniqueOrThrow({ where: { id }, include: { person: true } });
    expect(stored).toMatchObject({
      platform: "telegram",
      displayName: "Aino",
      handle: "aino",
      personId: first.person.id,
    });
    expect(stored.lastSeenAt.toISOString()).toBe(now.toISOString());
    expect(stored.person.displayName).toBe("Aino");
  });

  it("makes one person for twenty first events of one author at once, and no orphan", async () => {
    const id = `telegram:${randomUUID()}`;
    const name = `Crowd ${id}`;
    const all = await Promise.all(
      Array.from({ length: 20 }, () => people.resolve({ id, name, isChatAdmin: false }, "telegram", now)),
    );
    expect(new Set(all.map((r) => r.person.id)).size).toBe(1);
    expect(all.filter((r) => r.created)).toHaveLength(1);
    expect(await getDatabase().db.person.count({ where: { displayName: name } })).toBe(1);
  });
});
