// A send whose answer was lost is posted once: chat.postMessage carries the
// delivery key as message metadata, and a later attempt under the same key
// finds the message (conversations.history, or .replies in a thread) instead
// of posting it again. Without the history scopes the lookup says so once in
// the log and posts (at most one duplicate). Real Web API client, fake Slack.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, it } from "vitest";
import { DELIVERY_EVENT_TYPE } from "../../../adapters/slack/delivered-lookup.js";
import type { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import { DeliveryError } from "../../../src/core/adapter.js";
import type { DeliveryKey } from "../../../src/core/delivery-key.js";
import { DEFAULT_BOT_SCOPES, type FakeSlack } from "../../fakes/slack/fake-slack.js";
import { outboundWorld, recordingLogger } from "./support.js";

const TEAM = "T0KALLIO";
const GENERAL = "C0GENERAL";
const general = { platform: "slack", chatId: `slack:${TEAM}:${GENERAL}` };

let keys = 0;
function key(attempt: number, mayHaveLanded = false): DeliveryKey {
  return { key: `outbox:${++keys}`, attempt, firstTriedAt: new Date(), mayHaveLanded };
}

function again(delivery: DeliveryKey): DeliveryKey {
  return { ...delivery, attempt: delivery.attempt + 1 };
}

function mayHaveLanded(error: unknown): boolean {
  assert.ok(error instanceof DeliveryError, String(error));
  assert.equal(error.permanent, false);
  return error.mayHaveLanded;
}

describe("Slack: a message is posted once", () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  const { logger, lines: logLines } = recordingLogger();

  beforeAll(async () => {
    ({ fake, adapter } = await outboundWorld(TEAM, GENERAL, logger));
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.clearFailures();
    fake.setScopes(fake.botToken, [...DEFAULT_BOT_SCOPES]);
  });

  it("marks each post with its delivery key as message metadata", async () => {
    const delivery = key(1);
    const [ref] = await adapter.send(general, { text: "Lamp out" }, { delivery });
    const stored = fake.message(GENERAL, ref!.messageId);
    assert.deepEqual(stored?.metadata, { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: delivery.key } });
    assert.equal(fake.callsOf("conversations.history").length, 0, "a first attempt does not look");
  });

  it("finds a post whose answer was lost instead of posting it again", async () => {
    const delivery = key(1);
    fake.fail("chat.postMessage", { kind: "lostAnswer" });
    const error = await adapter.send(general, { text: "Lost answer" }, { delivery }).catch((e: unknown) => e);
    assert.equal(mayHaveLanded(error), true);
    const posted = fake.messagesIn(GENERAL).filter((m) => m.text === "Lost answer");
    assert.equal(posted.length, 1, "Slack has it although the bot heard nothing");

    const [ref] = await adapter.send(general, { text: "Lost answer" }, { delivery: again(delivery) });
    assert.equal(ref?.messageId, posted[0]!.ts, "the retry returns the message Slack already has");
    assert.equal(fake.messagesIn(GENERAL).filter((m) => m.text === "Lost answer").length, 1);
    const lookup = fake.callsOf("conversations.history").at(-1);
    assert.equal(lookup?.params.include_all_metadata, "true");
  });

  it("looks in the thread for a thread reply, and posts when the key is not there", async () => {
    const [parent] = await adapter.send(general, { text: "Parent" }, { delivery: key(1) });
    const thread = { ...general, threadId: parent!.messageId };
    const delivery = key(1);
    fake.fail("chat.postMessage", { kind: "lostAnswer" });
    await assert.rejects(adapter.send(thread, { text: "In thread" }, { delivery }));
    const [found] = await adapter.send(thread, { text: "In thread" }, { delivery: again(delivery) });
    assert.equal(fake.callsOf("conversations.replies").at(-1)?.params.ts, parent!.messageId);
    assert.equal(fake.message(GENERAL, found!.messageId)?.thread_ts, parent!.messageId);
    assert.equal(fake.messagesIn(GENERAL).filter((m) => m.text === "In thread").length, 1);

    // A reply deferred after a clean refusal (a 429) was never posted: the retry looks, finds nothing, posts.
    const refused = key(1);
    fake.fail("chat.postMessage", { kind: "429", retryAfter: 1 });
    const error = await adapter.send(thread, { text: "Refused once" }, { delivery: refused }).catch((e: unknown) => e);
    assert.equal(mayHaveLanded(error), false, "a 429 is a clean refusal");
    await adapter.send(thread, { text: "Refused once" }, { delivery: again(refused) });
    assert.equal(fake.messagesIn(GENERAL).filter((m) => m.text === "Refused once").length, 1);
  });

  it("waits when the lookup cannot be made now: neither posting twice nor giving up", async () => {
    const delivery = key(2);
    const before = fake.callsOf("chat.postMessage").length;
    fake.fail("conversations.history", { kind: "5xx", status: 503 }, 3);
    const error = await adapter.send(general, { text: "Slack is busy" }, { delivery }).catch((e: unknown) => e);
    assert.ok(error instanceof DeliveryError && !error.permanent, String(error));
    assert.equal(fake.callsOf("chat.postMessage").length, before, "nothing posted while unsure");
  });

  it("posts without looking when the token lacks the history scopes, and says so once", async () => {
    fake.setScopes(
      fake.botToken,
      DEFAULT_BOT_SCOPES.filter((scope) => !scope.endsWith(":history")),
    );
    logLines.length = 0;
    for (const text of ["No scope 1", "No scope 2"]) {
      const delivery = key(1);
      fake.fail("chat.postMessage", { kind: "lostAnswer" });
      await assert.rejects(adapter.send(general, { text }, { delivery }));
      await adapter.send(general, { text }, { delivery: again(delivery) });
      assert.equal(fake.messagesIn(GENERAL).filter((m) => m.text === text).length, 2, "at most one duplicate");
    }
    const history = fake.callsOf("conversations.history").slice(-2);
    assert.deepEqual(
      history.map((call) => (call.response as { error?: string }).error),
      ["missing_scope", "missing_scope"],
    );
    const warnings = logLines.filter((line) => line.includes("cannot look for a message already sent"));
    assert.equal(warnings.length, 1, "one warning, not one per send");
    assert.match(warnings[0]!, /channels:history/);
  });
});
