// The authorization suite: every command and button action that requires a
// role, against a member, a coordinator, an official, an admin, another
// community's admin, and a direct chat. The matrix comes from the
// declarations (the router's command list and action specs), so a new
// command or action is covered without touching this file; only what the
// declarations cannot say (rules inside a handler) has a table here.
//
// A command is probed with an unknown flag (`--authz-probe`): the router
// checks the role before it reads the arguments, so an allowed probe stops
// at "unknown flag" and changes nothing, and a refused one gets the refusal.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { Requirement } from "../../src/core/roles.js";
import { PROGRESS_ACTION } from "../../src/domain/requests/request-card.js";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { type ManualTimeApp, startManualTimeApp } from "../support/test-app.js";

type StandingName = "member" | "coordinator" | "official" | "admin" | "otherAdmin" | "direct";

/** Who may, by requirement: the expected outcome, written out rather than computed. */
const ALLOWED: Record<StandingName, readonly Requirement[]> = {
  member: ["member"],
  coordinator: ["member", "coordinator"],
  official: ["member", "official"],
  admin: ["member", "coordinator", "official", "admin", "chatAdmin"],
  // In community A's chat, A's admin-elsewhere is one of A's members.
  otherAdmin: ["member"],
  // A's own admin, in their direct chat: every platform calls them that chat's admin, which grants no community role.
  direct: ["member", "chatAdmin"],
};

const STANDINGS = Object.keys(ALLOWED) as StandingName[];

/** Where each standing speaks, and as whom (see beforeAll). */
const WHERE: Record<StandingName, { chat: string; user: string }> = {
  member: { chat: "a", user: "mia" },
  coordinator: { chat: "a", user: "cole" },
  official: { chat: "a", user: "olga" },
  admin: { chat: "a", user: "ada" },
  otherAdmin: { chat: "a", user: "xena" },
  direct: { chat: "dm:ada", user: "ada" },
};

const REFUSED = new RegExp(
  [
    "That needs the .+ role here\\.",
    "This chat is not part of a community yet",
    "a direct chat with the bot gives no role",
    "This button no longer works",
    "There is no button",
    "Only the person who started poll",
    "Only officials in the team chat that handles",
  ].join("|"),
);

interface Probe {
  label: string;
  requires: Requirement;
  text: string;
}

forEachDatabase("authorization", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: ManualTimeApp;
  let mem: MemoryAdapter;

  beforeAll(async () => {
    mem = new MemoryAdapter("mem");
    app = await startManualTimeApp(getDatabase().url, { clock, adapters: [mem], console: false });
    await mem.command("a", "ada", "/setup community A", { admin: true });
    await mem.command("b", "xena", "/setup community B", { admin: true });
    for (const user of ["mia", "cole", "olga", "xena"]) await mem.command("a", user, "/help");
    await mem.command("a", "ada", "/role @cole coordinator");
    await mem.command("a", "ada", "/role @olga official");
    await mem.command("dm:ada", "ada", "/help");
    const roles = await getDatabase().db.membership.findMany({ include: { person: true, community: true } });
    const of = (name: string, community: string) =>
      roles.find((r) => r.person.displayName === name && r.community.name === community)?.role;
    assert.deepEqual(
      [of("mia", "A"), of("cole", "A"), of("olga", "A"), of("ada", "A"), of("xena", "A"), of("xena", "B")],
      ["member", "coordinator", "official", "admin", "member", "admin"],
    );
  });
  afterAll(() => app.close());

  /** Every declared subcommand (and fallback) that requires a role, as a probe. */
  function commandProbes(): Probe[] {
    return app.app.router.listCommands().flatMap((command) => {
      const subs = Object.entries(command.subcommands ?? {}).flatMap(([word, spec]) =>
        spec.requires
          ? [{ label: `/${command.name} ${word}`, requires: spec.requires, text: `/${command.name} ${word}` }]
          : [],
      );
      const fallback = command.fallback?.requires
        ? [{ label: `/${command.name}`, requires: command.fallback.requires, text: `/${command.name}` }]
        : [];
      return [...subs, ...fallback].map((p) => ({ ...p, text: `${p.text} --authz-probe` }));
    });
  }

  async function refusedCommand(standing: StandingName, text: string): Promise<boolean> {
    const { chat, user } = WHERE[standing];
    await mem.command(chat, user, text);
    return REFUSED.test(mem.lastText(chat));
  }

  /** A press of a button for `action` posted in the standing's chat. */
  async function refusedPress(standing: StandingName, action: string): Promise<boolean> {
    const { chat, user } = WHERE[standing];
    const id = await app.app.store.storedActions.store(action, ["0"], { chatId: mem.chatId(chat), typed: false });
    const outcome = await mem.pressId(chat, user, id);
    return REFUSED.test(outcome.toast ?? "");
  }

  it("covers the commands and actions the features declare", () => {
    const labels = commandProbes().map((p) => p.label);
    for (const known of ["/task add", "/hours approve", "/setup invite", "/setup join", "/role"]) {
      assert.ok(labels.includes(known), `${known} is in the matrix: ${labels.join(", ")}`);
    }
    const actions = app.app.router.listActions().filter((a) => a.requires);
    assert.ok(actions.some((a) => a.name === "task.approveHours"));
  });

  for (const standing of STANDINGS) {
    describe(`as ${standing}`, () => {
      it("is refused or allowed each command exactly as declared", async () => {
        const wrong: string[] = [];
        for (const probe of commandProbes()) {
          const expected = ALLOWED[standing].includes(probe.requires) ? "allowed" : "refused";
          const actual = (await refusedCommand(standing, probe.text)) ? "refused" : "allowed";
          if (actual !== expected) wrong.push(`${probe.label} (requires ${probe.requires}): ${actual}`);
        }
        assert.deepEqual(wrong, []);
      });

      it("is refused or allowed each button action exactly as declared", async () => {
        const wrong: string[] = [];
        for (const action of app.app.router.listActions()) {
          if (!action.requires) continue;
          const expected = ALLOWED[standing].includes(action.requires) ? "allowed" : "refused";
          const actual = (await refusedPress(standing, action.name)) ? "refused" : "allowed";
          if (actual !== expected) wrong.push(`${action.name} (requires ${action.requires}): ${actual}`);
        }
        assert.deepEqual(wrong, []);
      });
    });
  }

  it("refuses every role-requiring button of community A pressed from community B's chat by B's admin", async () => {
    for (const action of app.app.router.listActions()) {
      if (!action.requires) continue;
      const id = await app.app.store.storedActions.store(action.name, ["0"], { chatId: mem.chatId("a"), typed: false });
      const outcome = await mem.pressId("b", "xena", id);
      assert.match(outcome.toast ?? "", /This button no longer works/, action.name);
    }
  });

  /** A fresh poll asked by A's admin, so that each standing tries to close one that is open. */
  async function closeAFreshPoll(): Promise<string> {
    await mem.command("a", "ada", '/poll "Close me?" "Yes" "No"');
    const poll = await getDatabase().db.poll.findFirstOrThrow({ orderBy: { id: "desc" } });
    return `/poll close ${poll.id}`;
  }

  // Where the declaration is not enough: rules inside a handler.
  const HANDLER_RULES: Array<{
    label: string;
    text: string | (() => Promise<string>);
    allowed: readonly StandingName[];
  }> = [
    // The chat's own language: its admin, or the person in their direct chat.
    { label: "/lang (the chat's)", text: "/lang en", allowed: ["admin", "direct"] },
    { label: "/task reminders <minutes>", text: "/task reminders 1440,60", allowed: ["admin"] },
    { label: "/poll close (another's poll)", text: closeAFreshPoll, allowed: ["coordinator", "admin"] },
    {
      label: "/poll --everywhere",
      text: '/poll "Where?" "Here" "There" --everywhere',
      allowed: ["coordinator", "admin"],
    },
    {
      label: "/poll --then-task",
      text: '/poll "When?" "sat 10:00" "sun 10:00" --then-task "Clean-up"',
      allowed: ["coordinator", "admin"],
    },
  ];
  for (const rule of HANDLER_RULES) {
    it(`${rule.label}: allowed only for ${rule.allowed.join(", ")}`, async () => {
      const wrong: string[] = [];
      for (const standing of STANDINGS) {
        const expected = rule.allowed.includes(standing) ? "allowed" : "refused";
        const text = typeof rule.text === "string" ? rule.text : await rule.text();
        const actual = (await refusedCommand(standing, text)) ? "refused" : "allowed";
        if (actual !== expected) wrong.push(`${standing}: ${actual}`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  describe("a request's card buttons and /request, which officials in the contact's chat and admins may use", () => {
    let number = "";
    let requestId = 0;
    /** The standings above, an official in the contact's own team chat, and a plain member in a direct chat. */
    const who = {
      ...WHERE,
      officialInTeamChat: { chat: "o", user: "olga" },
      memberDirect: { chat: "dm:mia", user: "mia" },
    };

    beforeAll(async () => {
      await mem.command("a", "ada", '/setup category add lighting "Street lighting"');
      await mem.command("a", "ada", "/setup invite");
      const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(mem.lastText("a"))?.[1];
      await mem.command("o", "olga", `/setup join ${code} --officials`, { admin: true });
      await mem.command("o", "ada", '/setup contact add "City lighting" --categories lighting');
      await mem.command("dm:mia", "mia", "/help");
      await mem.command("a", "mia", "/request lighting Lamp out at the corner");
      await app.settle();
      const request = await getDatabase().db.serviceRequest.findFirstOrThrow();
      ({ number, id: requestId } = request);
    });

    it("refuses or allows the card's button exactly as the request rules say", async () => {
      const allowed = ["admin", "direct", "officialInTeamChat"];
      const wrong: string[] = [];
      for (const [standing, { chat, user }] of Object.entries(who)) {
        const id = await app.app.store.storedActions.store(PROGRESS_ACTION, [String(requestId)], {
          chatId: mem.chatId(chat),
          typed: false,
        });
        const refused = REFUSED.test((await mem.pressId(chat, user, id)).toast ?? "");
        if (refused === allowed.includes(standing)) wrong.push(`${standing}: ${refused ? "refused" : "allowed"}`);
      }
      assert.deepEqual(wrong, []);
    });

    it("refuses or allows /request progress exactly as the request rules say", async () => {
      // The request's community decides, wherever it is typed: A's admin may in a direct chat, A's member may not.
      const allowed = ["admin", "direct", "officialInTeamChat"];
      const wrong: string[] = [];
      for (const [standing, { chat, user }] of Object.entries(who)) {
        await mem.command(chat, user, `/request progress ${number}`);
        const refused = REFUSED.test(mem.lastText(chat));
        if (refused === allowed.includes(standing)) wrong.push(`${standing}: ${refused ? "refused" : "allowed"}`);
      }
      assert.deepEqual(wrong, []);
    });
  });
});
