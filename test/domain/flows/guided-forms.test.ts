// Guided flows as native forms: which lines get a form, what it holds, and
// how submitted answers are checked with the flow's own rules. Pure.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { CommandSpec } from "../../../src/core/commands.js";
import { Translator } from "../../../src/core/i18n.js";
import { guidedForms } from "../../../src/domain/flows/guided-forms.js";
import { taskTranslations } from "../../../src/domain/tasks/translations.js";

// `/task add` as declared (src/domain/tasks/commands/add.ts): one title that takes the rest of the words, and flags.
const taskCommand: CommandSpec = {
  name: "task",
  summary: "tasks:summary",
  subcommands: {
    add: {
      usage: "tasks:usage.add",
      min: 1,
      max: 1,
      rest: true,
      params: [{ name: "title", description: "tasks:options.title" }],
      flags: { when: "string", until: "string", slots: "int", where: "string", repeat: "string" },
      run: async () => {},
    },
  },
};
const requestCommand: CommandSpec = {
  name: "request",
  summary: "requests:summary",
  subcommands: {
    status: {
      usage: "requests:usage.status",
      params: [{ name: "id", description: "requests:options.id" }],
      run: async () => {},
    },
  },
  fallback: {
    usage: "requests:usage.file",
    max: 2,
    rest: true,
    params: [
      { name: "category", description: "requests:options.category" },
      { name: "description", description: "requests:options.description" },
    ],
    flags: { where: "string" },
    run: async () => {},
  },
};
const pollCommand: CommandSpec = {
  name: "poll",
  summary: "polls:summary",
  fallback: {
    usage: "polls:usage.create",
    params: [
      { name: "question", description: "polls:options.question", required: 1 },
      { name: "option", description: "polls:options.option", repeat: 10, required: 2 },
    ],
    flags: { closes: "string" },
    run: async () => {},
  },
  subcommands: {
    close: {
      usage: "polls:usage.close",
      params: [{ name: "poll", description: "polls:options.poll" }],
      run: async () => {},
    },
  },
};
const forms = guidedForms(() => [taskCommand, requestCommand, pollCommand]);

describe("guided forms", () => {
  it("a /task add without pieces gets every step as a field, in the person's language", () => {
    const form = forms.formFor("/task add", "fi-FI");
    assert.ok(form);
    assert.equal(form.flow, "task-add");
    assert.equal(form.title, "Uusi vuoro");
    assert.equal(form.submitLabel, "Luo");
    assert.equal(form.cancelLabel, "Peru");
    assert.deepEqual(
      form.fields.map((f) => [f.key, f.label, f.kind, f.optional]),
      [
        ["title", "Vuoro", "text", false],
        ["when", "Milloin", "text", false],
        ["slots", "Ihmisiä", "number", false],
        ["where", "Missä", "text", true],
      ],
    );
    assert.equal(form.fields[2]?.hint, "Montako ihmistä tarvitaan?", "the flow's question, as the field's hint");
    // The times are suggestions beside which any time is fine: asked as text.
    assert.deepEqual(form.fields[1]?.choices, ["today 18:00", "tomorrow 18:00", "sat 10:00"]);
  });

  it("prefills what the line gave, and leaves complete or other lines alone", () => {
    const form = forms.formFor("/task add Food bank --slots 4", "en-US");
    assert.deepEqual(
      form?.fields.filter((f) => f.value !== undefined).map((f) => [f.key, f.value]),
      [
        ["title", "Food bank"],
        ["slots", "4"],
      ],
    );
    assert.equal(forms.formFor('/task add "Food bank" --when "sat 10:00"'), undefined);
    assert.equal(forms.formFor("/task list"), undefined);
    assert.equal(forms.formFor("/poll close 3"), undefined, "a subcommand's word chooses the subcommand");
    assert.equal(forms.formFor("/poll")?.flow, "poll");
    assert.equal(
      forms.formFor("/task add x --repeat weekly"),
      undefined,
      "a flag the flow does not ask keeps the one-liner",
    );
    assert.equal(forms.formFor('/task add "unterminated'), undefined);
    assert.equal(
      forms.formFor("/request"),
      undefined,
      "the categories come from the community's data: no form, the core asks with its buttons",
    );
  });

  it("says which commands have a form (typed platforms make their options optional)", () => {
    assert.equal(forms.hasForm(["task", "add"]), true);
    assert.equal(forms.hasForm(["poll"]), true);
    assert.equal(forms.hasForm(["request"]), false, "its categories come from the community's data");
    assert.equal(forms.hasForm(["task", "list"]), false);
  });

  it("checks answers with each step's rules and builds the one-line command", () => {
    const ok = forms.check("task-add", { title: ' Say "hi" ', when: "sat 10:00", slots: "3", where: "" });
    assert.deepEqual(ok, { ok: true, commandLine: '/task add "Say \\"hi\\"" --when "sat 10:00" --slots 3' });
    const bad = forms.check("task-add", { title: "x".repeat(201), when: "", slots: "lots" }, { locale: "sv-SE" });
    assert.deepEqual(bad, {
      ok: false,
      errors: {
        title: "Skriv 1–200 tecken.",
        when: "Fyll i det här fältet.",
        slots: "Ange ett heltal från 1 till 999.",
      },
      summary:
        "Inget skapades. Pass: Skriv 1–200 tecken. När: Fyll i det här fältet. Personer: Ange ett heltal från 1 till 999.",
      fixLabel: "Rätta",
    });
    assert.equal(forms.check("no-such-flow", {}), undefined);
  });

  it("refuses a time as the command would when the community's timezone is known, in the person's words", () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
    const timed = guidedForms(() => [taskCommand], {
      clock,
      translator: () => new Translator([taskTranslations]),
    });
    const asker = { locale: "fi", timezone: "Europe/Helsinki", platform: "discord" };
    const past = timed.check("task-add", { title: "Siivous", when: "2026-12-01 09:00", slots: "2" }, asker);
    assert.equal(past?.ok, false);
    assert.match(past && !past.ok ? (past.errors.when ?? "") : "", /on jo mennyt/);
    assert.deepEqual(Object.keys(past && !past.ok ? past.errors : {}), ["when"]);
    assert.deepEqual(timed.check("task-add", { title: "Siivous", when: "2026-12-01 18:00", slots: "2" }, asker), {
      ok: true,
      commandLine: '/task add "Siivous" --when "2026-12-01 18:00" --slots 2',
    });
    // Without the timezone (the database did not say in time) times are left to the command.
    assert.equal(
      timed.check("task-add", { title: "Siivous", when: "2026-12-01 09:00", slots: "2" }, { locale: "fi" })?.ok,
      true,
    );
  });
});
