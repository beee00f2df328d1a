// The typed view of the command declaration (what Discord's slash commands
// are made from) and the way back: chosen options -> the canonical line the
// router parses. Pure.
import { describe, expect, it } from "vitest";
import { bindArguments, isBindError } from "../../src/core/arguments.js";
import { tokenizeCommand } from "../../src/core/command-line.js";
import type { CommandSpec, SubcommandSpec } from "../../src/core/commands.js";
import { commandLineOf, fileOption, findLeaf, quoted, typedCommands } from "../../src/core/typed-commands.js";

const run = async () => {};
const add: SubcommandSpec = {
  usage: "tasks:usage.add",
  min: 1,
  max: 1,
  rest: true,
  params: [{ name: "title", description: "tasks:options.title" }],
  flags: {
    when: { kind: "string", description: "tasks:options.when" },
    slots: { kind: "int", description: "tasks:options.slots" },
    series: "boolean",
  },
  run,
};
const support: SubcommandSpec = { usage: "x", min: 1, max: 1, params: [{ name: "request", description: "r" }], run };
const COMMANDS: CommandSpec[] = [
  { name: "task", summary: "tasks:summary", subcommands: { add } },
  {
    name: "poll",
    summary: "polls:summary",
    subcommands: { close: { usage: "c", min: 1, max: 1, params: [{ name: "poll", description: "p" }], run } },
    fallback: {
      usage: "polls:usage.create",
      name: "create",
      params: [
        { name: "question", description: "q", required: 1 },
        { name: "option", description: "o", repeat: 3, required: 2 },
      ],
      flags: { multi: { kind: "boolean", description: "m" } },
      run,
    },
  },
  { name: "request", summary: "r", subcommands: { "+1": support, support } },
  {
    name: "setup",
    summary: "s",
    subcommands: {
      apikey: {
        usage: "k",
        name: "create",
        max: 2,
        rest: true,
        params: [{ name: "label", description: "l" }],
        subcommands: { revoke: { usage: "k", max: 1, params: [{ name: "key", description: "k" }], run } },
        run,
      },
    },
  },
  { name: "echo", summary: "e", fallback: { usage: "e", min: 1, max: 1, rest: true, run } },
  { name: "press", hidden: true, summary: "p", fallback: { usage: "p", run } },
];
const typed = typedCommands(COMMANDS);

/** What the router would bind from a line, for round trips. */
function bound(line: string, spec: SubcommandSpec, words: number) {
  const tokenized = tokenizeCommand(line);
  if ("error" in tokenized) throw new Error(tokenized.error);
  const result = bindArguments(tokenized.tokens.slice(words), spec);
  if (isBindError(result)) throw new Error(result.error);
  return result;
}

describe("typed commands", () => {
  it("leaves hidden commands out and names fallbacks beside subcommands", () => {
    expect(typed.map((c) => c.name)).toEqual(["task", "poll", "request", "setup", "echo"]);
    const poll = typed.find((c) => c.name === "poll")!;
    expect(poll.body.kind === "subcommands" && poll.body.children.map((c) => c.name)).toEqual(["create", "close"]);
  });

  it("puts required options first, numbers repeated ones, and keeps flags last", () => {
    const create = findLeaf(typed, ["poll", "create"])!;
    expect(create.options.map((o) => [o.name, o.required])).toEqual([
      ["question", true],
      ["option1", true],
      ["option2", true],
      ["option3", false],
      ["multi", false],
    ]);
    expect(findLeaf(typed, ["task", "add"])!.options.map((o) => `${o.name}:${o.kind}`)).toEqual([
      "title:string",
      "when:string",
      "slots:int",
      "series:boolean",
    ]);
  });

  it("drops aliases typed platforms cannot name, keeping the spec once", () => {
    const request = typed.find((c) => c.name === "request")!;
    expect(request.body.kind === "subcommands" && request.body.children.map((c) => c.name)).toEqual(["support"]);
  });

  it("declares a third level as a group, with the group's own run under its name", () => {
    const setup = typed.find((c) => c.name === "setup")!;
    const group = setup.body.kind === "subcommands" ? setup.body.children[0]! : undefined;
    expect(group?.kind).toBe("group");
    expect(group?.kind === "group" && group.leaves.map((l) => l.name)).toEqual(["create", "revoke"]);
  });

  it("gives a command that declares no arguments one text option", () => {
    expect(findLeaf(typed, ["echo"])!.options.map((o) => [o.name, o.required])).toEqual([["text", true]]);
  });
});

describe("a command that takes a file", () => {
  const report: CommandSpec = {
    name: "report",
    summary: "s",
    fallback: { ...add, file: { name: "photo", description: "p" } },
  };

  it("offers it as an optional attachment option, last, that never enters the line", () => {
    const [typed] = typedCommands([report]);
    const leaf = findLeaf([typed!], ["report"])!;
    expect(leaf.options.at(-1)).toEqual({
      name: "photo",
      description: "p",
      kind: "attachment",
      required: false,
      place: { kind: "file" },
    });
    expect(fileOption(leaf)?.name).toBe("photo");
    expect(commandLineOf([typed!], ["report"], { title: "Lamp", photo: "555" })).toBe("/report Lamp");
  });
});

describe("the canonical line", () => {
  it("writes positionals in order, then flags, quoting only where needed", () => {
    expect(commandLineOf(typed, ["task", "add"], { title: "Sorting", when: "sat 10", slots: 4 })).toBe(
      '/task add Sorting --when "sat 10" --slots 4',
    );
    expect(commandLineOf(typed, ["task", "add"], { title: "Park clean-up day", series: true })).toBe(
      "/task add Park clean-up day --series",
    );
    expect(commandLineOf(typed, ["task", "add"], { title: "x", series: false })).toBe("/task add x");
  });

  it("leaves out the word of a fallback and of a group's own run", () => {
    expect(
      commandLineOf(typed, ["poll", "create"], {
        question: "Lunch?",
        option1: "Soup",
        option2: "Pasta bake",
        multi: true,
      }),
    ).toBe('/poll Lunch? Soup "Pasta bake" --multi');
    expect(commandLineOf(typed, ["setup", "apikey", "create"], { label: "City CRM" })).toBe("/setup apikey City CRM");
    expect(commandLineOf(typed, ["setup", "apikey", "revoke"], { key: "3" })).toBe("/setup apikey revoke 3");
  });

  it("undefined for a path no command has", () => {
    expect(commandLineOf(typed, ["nope"], {})).toBeUndefined();
    expect(commandLineOf(typed, ["task", "nope"], {})).toBeUndefined();
  });

  it("round-trips any text through the router's tokenizer and binder", () => {
    const nasty = ['He said "hi" \\o/', "--when now", "“curly”", "  spaced  out ", "'single'", "tab\there", "—dash"];
    for (const title of nasty) {
      const line = commandLineOf(typed, ["task", "add"], { title, when: title })!;
      const result = bound(line, add, 1);
      expect(result.flags.when).toBe(title);
      expect(result.args[0]).toBe(title);
    }
  });

  it("quotes a value that would read as a flag or a quote", () => {
    expect(quoted("plain", false)).toBe("plain");
    expect(quoted("two words", false)).toBe('"two words"');
    expect(quoted("two words", true)).toBe("two words");
    expect(quoted("--x", true)).toBe('"--x"');
    expect(quoted('"quoted"', false)).toBe('"\\"quoted\\""');
  });
});
