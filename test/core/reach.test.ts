// What a reader reaches from where they write: the chat's community, or
// outside one, their own communities.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { communitiesInReach, findInReach } from "../../src/core/reach.js";

interface Thing {
  id: number;
  communityId: string;
}

function lookup(found: Thing | undefined, memberships: string[], asked: string[] = []) {
  return {
    find: async () => found,
    communityOf: (thing: Thing) => thing.communityId,
    memberships: async () => {
      asked.push("memberships");
      return memberships;
    },
  };
}

describe("communitiesInReach", () => {
  it("is the chat's community in a community's chat, without asking for memberships", async () => {
    const asked: string[] = [];
    const reach = await communitiesInReach({ id: "c1" }, async () => {
      asked.push("memberships");
      return ["c1", "c2"];
    });
    assert.deepEqual(reach, ["c1"]);
    assert.deepEqual(asked, []);
  });

  it("is every community of the reader outside one", async () => {
    assert.deepEqual(await communitiesInReach(undefined, async () => ["c1", "c2"]), ["c1", "c2"]);
  });
});

describe("findInReach", () => {
  const task = { id: 7, communityId: "c1" };

  it("finds this community's object in its chat, and reads another's as missing", async () => {
    assert.equal(await findInReach({ id: "c1" }, lookup(task, [])), task);
    assert.equal(await findInReach({ id: "c2" }, lookup(task, ["c1"])), undefined);
  });

  it("finds, outside a community's chat, an object of any community the reader belongs to", async () => {
    assert.equal(await findInReach(undefined, lookup(task, ["c2", "c1"])), task);
    assert.equal(await findInReach(undefined, lookup(task, ["c2"])), undefined);
    assert.equal(await findInReach(undefined, lookup(task, [])), undefined);
  });

  it("asks for memberships only when there is something to check", async () => {
    const asked: string[] = [];
    assert.equal(await findInReach(undefined, lookup(undefined, ["c1"], asked)), undefined);
    assert.deepEqual(asked, []);
  });
});
