// The set-up the live-results test files share: a polls app with a manual
// clock and one in-memory chat that is a community's home. Registers its
// hooks in the calling suite.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { LIVE_EDIT_PURPOSE } from "../../../src/domain/polls/poll-repository.js";
import type { Database } from "../../../src/storage/database.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

export const START = "2026-12-01T08:00:00.000Z";

export interface LiveResultsFixture {
  readonly app: PollsTestApp;
  readonly mem: MemoryAdapter;
  readonly clock: ManualClock;
  ask(question: string): Promise<{ id: number; card: () => MemoryAdapter["sent"][number] }>;
  editRows(chatId?: string): Promise<{ id: number }[]>;
}

export function liveResultsFixture(getDatabase: () => Database): LiveResultsFixture {
  let app: PollsTestApp | undefined;
  const mem = new MemoryAdapter("mem");
  const clock = new ManualClock(START);
  let polls = 0;

  beforeAll(async () => {
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem], console: false });
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app?.close());
  beforeEach(() => clock.set(START));

  return {
    get app() {
      if (!app) throw new Error("app not started");
      return app;
    },
    mem,
    clock,
    async ask(question) {
      await mem.command("kallio", "alice", `/poll "${question}" "Yes" "No"`);
      const id = ++polls;
      const sent = mem.sent.find((m) => m.message.title === question);
      assert.ok(sent, "the card was posted");
      return { id, card: () => mem.sent.find((m) => m.id === sent.id)! };
    },
    editRows: (chatId = "mem:kallio") =>
      getDatabase().db.outboxMessage.findMany({
        where: { purpose: LIVE_EDIT_PURPOSE, destination: chatId },
        orderBy: { id: "asc" },
      }),
  };
}
