// /mydata and /forgetme on Slack, end to end: real Bolt over Socket Mode
// against the fake Slack. Asked in a channel, the export is uploaded as a
// JSON file (files.uploadV2) into the person's DM with the bot, and a line
// only they see says so; /forgetme asks in a message only they see, and
// `/talkoot forgetme confirm` erases them.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { type SlackE2E, startSlackE2E } from "./harness.js";

for (const provider of TEST_PROVIDERS) {
  describe(`Slack privacy [${provider}]`, () => {
    let e2e: SlackE2E;
    let aino: string;
    const identityId = () => `slack:T0KALLIO:${aino}`;
    const ephemeralText = () => e2e.fake.ephemeralsFor(e2e.general, aino).at(-1)?.text ?? "";

    beforeAll(async () => {
      e2e = await startSlackE2E("socket", provider);
      aino = e2e.workspace.user("aino");
      await e2e.talkoot("olli", "setup community Kallio");
      await e2e.talkoot("aino", "help");
    });
    afterAll(() => e2e.close());

    it("/mydata in a channel uploads a JSON file to her DM, and tells only her where it went", async () => {
      const { fake } = e2e;
      await e2e.talkoot("aino", "mydata");
      const file = await fake.waitFor(
        () => fake.files.find((f) => f.completed && /^talkoot-mydata-.*\.json$/.test(f.filename)),
        5_000,
        "the export file",
      );
      const dm = fake.dmWith(aino);
      assert.ok(dm, "a DM with her was opened");
      assert.deepEqual(file.channels, [dm.id], "shared only in her DM");
      const exported = JSON.parse(file.bytes!.toString("utf8"));
      assert.equal(exported.format, "talkoot.mydata/1");
      assert.deepEqual(
        exported.people.identities.map((i: { id: string; displayName: string }) => [i.id, i.displayName]),
        [[identityId(), "Aino Virtanen"]],
      );
      assert.equal(exported.communities.memberships[0].community, "Kallio");
      assert.match(ephemeralText(), /I sent your data to our direct chat/);
    });

    it("/forgetme asks only her; confirm erases her", async () => {
      await e2e.talkoot("aino", "forgetme");
      assert.match(ephemeralText(), /This cannot be undone/);
      const db = e2e.app.app.database.db;
      assert.equal(await db.identity.count({ where: { id: identityId() } }), 1, "nothing erased yet");
      await e2e.talkoot("aino", "forgetme confirm");
      assert.match(ephemeralText(), /You are erased/);
      assert.equal(await db.identity.count({ where: { id: identityId() } }), 0);
      assert.equal(await db.person.count({ where: { displayName: "Aino Virtanen" } }), 0);
      assert.equal(await db.membership.count(), 1, "only the admin's membership is left");
    });
  });
}
