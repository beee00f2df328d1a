// The shared intake runner (kept-updates.ts) over the real inbox table: an
// update leaves the inbox once handled, even when clearing it fails for a
// while (the database cut just after the handler committed), without waiting
// for the next sweep; a stop leaves what is unfinished for the next start.
import assert from "node:assert/strict";
import { it, vi } from "vitest";
import { KeptUpdates } from "../../src/core/kept-updates.js";
import { createLogger } from "../../src/core/logger.js";
import { StoredUpdateInbox } from "../../src/storage/repositories/update-inbox.js";
import { forEachDatabase } from "../support/databases.js";

interface Update {
  id: number;
  text: string;
}

forEachDatabase("kept updates", (getDatabase) => {
  const runner = (inbox: StoredUpdateInbox, handled: Update[], platform: string) =>
    new KeptUpdates<Update>({
      platform,
      logger: createLogger({ level: "silent" }),
      inbox,
      idOf: (update) => String(update.id),
      encode: (update) => JSON.stringify(update),
      decode: (payload) => JSON.parse(payload) as Update,
      handle: async (update) => {
        handled.push(update);
        return true;
      },
    });

  it("clears a handled update once the inbox answers again, handling it once", async () => {
    const inbox = new StoredUpdateInbox(getDatabase());
    const done = inbox.done.bind(inbox);
    let refusals = 2;
    vi.spyOn(inbox, "done").mockImplementation(async (platform, id) => {
      if (refusals-- > 0) throw new Error("connection terminated");
      return done(platform, id);
    });
    const handled: Update[] = [];
    const kept = runner(inbox, handled, "test-clear");
    const update = { id: 1, text: "/help" };
    await kept.keep([update]);
    kept.handleKept([update]);
    await kept.idle();
    assert.deepEqual(await inbox.waiting("test-clear"), []);
    assert.deepEqual(handled, [update]);
    assert.equal(refusals, -1, "tried until the inbox answered");
  });

  it("leaves a handled update it could not clear for the next start when stopped", async () => {
    const inbox = new StoredUpdateInbox(getDatabase());
    vi.spyOn(inbox, "done").mockRejectedValue(new Error("connection terminated"));
    const handled: Update[] = [];
    const kept = runner(inbox, handled, "test-stop");
    const update = { id: 2, text: "/help" };
    await kept.keep([update]);
    kept.handleKept([update]);
    await vi.waitFor(() => assert.equal(handled.length, 1));
    await kept.stop(5_000);
    assert.equal(kept.pending, 0);
    assert.deepEqual(
      (await inbox.waiting("test-stop")).map((entry) => entry.id),
      ["2"],
    );
  });
});
