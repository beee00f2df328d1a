// Resolving who spoke, on SQLite and PostgreSQL: the person behind a
// platform author and their role in the chat's community. Made once on
// first sight (person, identity and membership together), however many of
// their first events arrive at once; known afterwards, as Prisma reads them.
// Counted at the driver: each statement is a socket write and a round trip.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Author } from "../../src/core/events.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { Communities } from "../../src/storage/repositories/communities.js";
import { Participants } from "../../src/storage/repositories/participants.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("resolving participants", (getDatabase, provider) => {
  let database: Database;
  let participants: Participants;
  let communityId: string;
  let otherCommunityId: string;
  let statements: string[] = [];
  const now = new Date("2026-12-06T10:00:00.000Z");
  const author = (name = "Aino"): Author => ({
    id: `telegram:${randomUUID()}`,
    name,
    handle: "aino",
    isChatAdmin: false,
  });

  beforeAll(async () => {
    // A second handle on the same database, with an observer on its statements.
    database = await openDatabase(getDatabase().url, { observeStatement: (sql) => statements.push(sql) });
    participants = new Participants(database, new Communities(database));
    communityId = (await database.db.community.create({ data: { name: "Kallio" } })).id;
    otherCommunityId = (await database.db.community.create({ data: { name: "Vallila" } })).id;
  });
  afterAll(() => database.close());

  async function counted<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    statements = [];
    const result = await work();
    return { result, statements: [...statements] };
  }

  it("makes a newcomer's person, identity and membership at first sight, and finds them after in one statement", async () => {
    const aino = author();
    const first = await counted(() => participants.resolve(aino, "telegram", now, communityId));
    expect(first.result).toMatchObject({ created: true, role: "member" });
    // PostgreSQL: one statement looks and makes; SQLite: the look, then one transaction of three inserts.
    expect(first.statements).toHaveLength(provider === "postgresql" ? 1 : 6);
    const again = await counted(() => participants.resolve(aino, "telegram", now, communityId));
    expect(again.statements).toHaveLength(1);
    expect(again.result.created).toBeUndefined();
    expect(again.result.role).toBe("member");
    expect(again.result.person).toEqual(first.result.person);
    expect(again.result.identity).toEqual(first.result.identity);
    const stored = await database.db.identity.findUniqueOrThrow({
      where: { id: aino.id },
      include: { person: { include: { memberships: true } } },
    });
    expect(stored).toMatchObject({
      platform: "telegram",
      displayName: "Aino",
      handle: "aino",
      personId: first.result.person.id,
    });
    expect(stored.lastSeenAt.toISOString()).toBe(now.toISOString());
    expect(stored.person.displayName).toBe("Aino");
    expect(stored.person.memberships.map((m) => [m.communityId, m.role])).toEqual([[communityId, "member"]]);
  });

  it("reads a member's stored role, and makes a known person a member of another community", async () => {
    const bea = author("Bea");
    const { person } = await participants.resolve(bea, "telegram", now, communityId);
    await database.db.membership.update({
      where: { communityId_personId: { communityId, personId: person.id } },
      data: { role: "coordinator" },
    });
    expect((await participants.resolve(bea, "telegram", now, communityId)).role).toBe("coordinator");
    const elsewhere = await counted(() => participants.resolve(bea, "telegram", now, otherCommunityId));
    expect(elsewhere.result).toMatchObject({ role: "member", person: { id: person.id } });
    expect(elsewhere.result.created).toBeUndefined();
    // The look, then the membership's insert without a second look.
    expect(elsewhere.statements).toHaveLength(2);
    // In a chat of no community: the person, and no role.
    const nowhere = await participants.resolve(bea, "telegram", now, undefined);
    expect(nowhere.role).toBeUndefined();
    expect(await database.db.membership.count({ where: { personId: person.id } })).toBe(2);
  });

  it("makes a newcomer outside any community with no membership", async () => {
    const cai = author("Cai");
    const made = await participants.resolve(cai, "telegram", now, undefined);
    expect(made).toMatchObject({ created: true });
    expect(made.role).toBeUndefined();
    expect(await database.db.membership.count({ where: { personId: made.person.id } })).toBe(0);
    expect(await database.db.person.count({ where: { id: made.person.id } })).toBe(1);
  });

  it("touches a known identity at most once a minute, and at once when its name changes", async () => {
    const dan = author("Dan");
    await participants.resolve(dan, "telegram", now, communityId);
    const soon = await counted(() =>
      participants.resolve(dan, "telegram", new Date(now.getTime() + 30_000), communityId),
    );
    expect(soon.statements).toHaveLength(1);
    const renamed = { ...dan, name: "Daniel" };
    const later = await participants.resolve(renamed, "telegram", new Date(now.getTime() + 40_000), communityId);
    expect(later.identity.displayName).toBe("Daniel");
    const stored = await database.db.identity.findUniqueOrThrow({ where: { id: dan.id } });
    expect([stored.displayName, stored.lastSeenAt.getTime()]).toEqual(["Daniel", now.getTime() + 40_000]);
  });

  it("resolves a burst's authors at once: newcomers, known members and one author twice, each made once", async () => {
    const known = Array.from({ length: 5 }, (_, i) => author(`Known ${i}`));
    const knownPeople = await Promise.all(known.map((a) => participants.resolve(a, "telegram", now, communityId)));
    const newcomers = Array.from({ length: 30 }, (_, i) => author(`New ${i}`));
    const twice = author("Twice");
    const later = new Date(now.getTime() + 1_000);
    const burst = [...known, ...newcomers, twice, twice];
    const { result, statements: sent } = await counted(() =>
      Promise.all(burst.map((a) => participants.resolve(a, "telegram", later, communityId))),
    );
    result.slice(0, 5).forEach((participant, i) => {
      expect(participant.person).toEqual(knownPeople[i]!.person);
      expect(participant.created).toBeUndefined();
    });
    result.slice(5, 35).forEach((participant, i) => {
      expect(participant).toMatchObject({ created: true, role: "member", identity: { id: newcomers[i]!.id } });
    });
    expect(result[35]!.person.id).toBe(result[36]!.person.id);
    expect(result.slice(35).filter((r) => r.created)).toHaveLength(1);
    const ids = [...newcomers, twice].map((a) => a.id);
    const stored = await database.db.identity.findMany({
      where: { id: { in: ids } },
      include: { person: { include: { memberships: true } } },
    });
    expect(stored).toHaveLength(31);
    for (const identity of stored) {
      expect(identity.lastSeenAt.toISOString()).toBe(later.toISOString());
      expect(identity.person.memberships.map((m) => [m.communityId, m.role])).toEqual([[communityId, "member"]]);
    }
    expect(await database.db.person.count({ where: { displayName: "Twice" } })).toBe(1);
    // SQLite: the newcomers that came while a transaction made others went together in the next.
    if (provider === "sqlite") expect(sent.filter((sql) => sql.startsWith("BEGIN")).length).toBeLessThanOrEqual(4);
  });

  it("fails only the newcomer whose own write fails; those made beside them are made", async () => {
    const crowd = Array.from({ length: 12 }, (_, i) => author(`Beside ${i}`));
    const lost = author("Lost");
    const results = await Promise.allSettled([
      ...crowd.slice(0, 6).map((a) => participants.resolve(a, "telegram", now, communityId)),
      // A community that is not there (deleted meanwhile): the membership's foreign key fails.
      participants.resolve(lost, "telegram", now, "no-such-community"),
      ...crowd.slice(6).map((a) => participants.resolve(a, "telegram", now, communityId)),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      ...Array(6).fill("fulfilled"),
      "rejected",
      ...Array(6).fill("fulfilled"),
    ]);
    expect(await database.db.identity.count({ where: { id: { in: crowd.map((a) => a.id) } } })).toBe(12);
    expect(await database.db.identity.count({ where: { id: lost.id } })).toBe(0);
    expect(await database.db.person.count({ where: { displayName: "Lost" } })).toBe(0);
  });

  it("makes one person and one membership for twenty first events of one author at once, and no orphan", async () => {
    const crowd = author(`Crowd ${randomUUID()}`);
    const all = await Promise.all(
      Array.from({ length: 20 }, () => participants.resolve(crowd, "telegram", now, communityId)),
    );
    expect(new Set(all.map((r) => r.person.id)).size).toBe(1);
    expect(all.filter((r) => r.created)).toHaveLength(1);
    expect(all.every((r) => r.role === "member")).toBe(true);
    expect(await database.db.person.count({ where: { displayName: crowd.name } })).toBe(1);
    expect(await database.db.membership.count({ where: { personId: all[0]!.person.id } })).toBe(1);
  });
});
