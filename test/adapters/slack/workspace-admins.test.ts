// workspace-admins.ts: users.info once per person per TTL, admins and owners
// as chat admins, and the payload's name when Slack cannot answer.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { personFrom, type SlackUserRecord, WorkspacePeople } from "../../../adapters/slack/workspace-admins.js";

describe("WorkspacePeople", () => {
  it("asks users.info once per TTL, sharing a lookup already in flight", async () => {
    let now = 0;
    const calls: string[] = [];
    const people = new WorkspacePeople(
      async (_team, user) => {
        calls.push(user);
        return { name: "olli", is_admin: true, profile: { display_name: "Olli K" } };
      },
      { ttlMs: 1000, now: () => now },
    );
    const [a, b] = await Promise.all([people.person("T1", "U1"), people.person("T1", "U1")]);
    assert.deepEqual(a, { name: "Olli K", handle: "olli", isWorkspaceAdmin: true });
    assert.equal(a, b);
    now = 999;
    await people.person("T1", "U1");
    assert.equal(calls.length, 1);
    now = 1000;
    await people.person("T1", "U1");
    assert.equal(calls.length, 2, "asked again after the TTL");
  });

  it("uses the payload's name and no admin rights when users.info fails, for a short while", async () => {
    let now = 0;
    let fail = true;
    const people = new WorkspacePeople(
      async () => {
        if (fail) throw new Error("ratelimited");
        return { name: "aino", is_owner: true };
      },
      { failureTtlMs: 100, now: () => now },
    );
    assert.deepEqual(await people.person("T1", "U2", "aino"), {
      name: "aino",
      handle: "aino",
      isWorkspaceAdmin: false,
    });
    fail = false;
    assert.equal((await people.person("T1", "U2")).isWorkspaceAdmin, false, "the failure is remembered briefly");
    now = 100;
    assert.equal((await people.person("T1", "U2")).isWorkspaceAdmin, true);
  });

  it("counts admins, owners and the primary owner as workspace admins", () => {
    const records: SlackUserRecord[] = [{ is_admin: true }, { is_owner: true }, { is_primary_owner: true }, {}];
    assert.deepEqual(
      records.map((r) => personFrom(r, "U1").isWorkspaceAdmin),
      [true, true, true, false],
    );
    assert.equal(personFrom({ name: "x", real_name: "Real", locale: "sv-FI" }, "U1").locale, "sv-FI");
    assert.equal(personFrom({ name: "x", real_name: "Real" }, "U1").name, "Real");
    assert.equal(personFrom({}, "U1").name, "U1");
  });
});
