import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { bindArguments } from "../../src/core/arguments.js";
import { addressedCommandLine, MAX_COMMAND_LENGTH, tokenizeCommand } from "../../src/core/command-line.js";
import { readStartPayload } from "../../src/core/start-payload.js";

const texts = (line: string) => {
  const result = tokenizeCommand(line);
  if ("error" in result) throw new Error(result.error);
  return { name: result.name, tokens: result.tokens.map((t) => t.text) };
};

describe("tokenizeCommand", () => {
  it("splits a command, subcommand, arguments and flags", () => {
    assert.deepEqual(texts('/task add "Food bank sorting" --when "sat 10" --slots 4'), {
      name: "task",
      tokens: ["add", "Food bank sorting", "--when", "sat 10", "--slots", "4"],
    });
  });

  it("drops a @BotName suffix and lower-cases the name", () => {
    assert.equal(texts("/Help@TalkootBot setup").name, "help");
  });

  it("reads em and en dashes from phone keyboards as --", () => {
    assert.deepEqual(texts("/task add Sorting —when tomorrow –slots 3").tokens, [
      "add",
      "Sorting",
      "--when",
      "tomorrow",
      "--slots",
      "3",
    ]);
  });

  it("accepts curly and guillemet quotes, and escapes inside quotes", () => {
    assert.deepEqual(texts('/poll “Which day?” «Sat» \'Sun\' "say \\"hi\\""').tokens, [
      "Which day?",
      "Sat",
      "Sun",
      'say "hi"',
    ]);
  });

  it("keeps a quoted --word as text, not a flag", () => {
    const result = tokenizeCommand('/echo "--slots"');
    assert.ok(!("error" in result));
    assert.deepEqual(result.tokens, [{ text: "--slots", quoted: true }]);
  });

  it("reports an unterminated quote", () => {
    assert.deepEqual(tokenizeCommand('/task add "Sorting --slots 3'), { error: "unterminatedQuote", quote: '"' });
  });

  it("refuses control characters and over-long input", () => {
    assert.deepEqual(tokenizeCommand("/task add a\u0007b"), { error: "controlCharacters" });
    assert.deepEqual(tokenizeCommand(`/echo ${"x".repeat(MAX_COMMAND_LENGTH)}`), {
      error: "tooLong",
      max: MAX_COMMAND_LENGTH,
    });
  });

  it("knows what is not a command", () => {
    assert.deepEqual(tokenizeCommand("hello"), { error: "notCommand" });
    assert.deepEqual(tokenizeCommand("   "), { error: "empty" });
    assert.deepEqual(tokenizeCommand("/ "), { error: "notCommand" });
  });
});

describe("bindArguments", () => {
  const tokens = (line: string) => {
    const result = tokenizeCommand(line);
    if ("error" in result) throw new Error(result.error);
    return result.tokens;
  };

  it("binds typed flags and positionals", () => {
    assert.deepEqual(
      bindArguments(tokens("/x a b --slots 4 --multi --when=tomorrow"), {
        flags: { slots: "int", multi: "boolean", when: "string" },
      }),
      { args: ["a", "b"], flags: { slots: 4, multi: true, when: "tomorrow" } },
    );
  });

  it("joins free text into the last argument when rest is set", () => {
    assert.deepEqual(bindArguments(tokens("/x Kallio Library Friends"), { min: 1, max: 1, rest: true }), {
      args: ["Kallio Library Friends"],
      flags: {},
    });
  });

  it("reports each kind of misuse", () => {
    const spec = { flags: { slots: "int" as const, when: "string" as const }, min: 1, max: 1 };
    assert.deepEqual(bindArguments(tokens("/x a --color red"), spec), { error: "unknownFlag", flag: "color" });
    assert.deepEqual(bindArguments(tokens("/x a --when"), spec), { error: "missingFlagValue", flag: "when" });
    assert.deepEqual(bindArguments(tokens("/x a --when --slots 2"), spec), { error: "missingFlagValue", flag: "when" });
    assert.deepEqual(bindArguments(tokens("/x a --slots many"), spec), {
      error: "badInteger",
      flag: "slots",
      value: "many",
    });
    assert.deepEqual(bindArguments(tokens("/x a --slots 1 --slots 2"), spec), { error: "repeatedFlag", flag: "slots" });
    assert.deepEqual(bindArguments(tokens("/x"), spec), { error: "missingArgument", min: 1 });
    assert.deepEqual(bindArguments(tokens("/x a b c"), spec), {
      error: "tooManyArguments",
      max: 1,
      unexpected: ["b", "c"],
    });
  });
});

describe("addressedCommandLine", () => {
  const known = (name: string) => ["help", "task"].includes(name);

  it("reads words said to the bot as the command their first word names", () => {
    assert.equal(addressedCommandLine("help", known), "/help");
    assert.equal(addressedCommandLine("  Task list mine ", known), "/Task list mine");
    assert.equal(addressedCommandLine("/help setup", known), "/help setup");
  });

  it("leaves talk as talk", () => {
    assert.equal(addressedCommandLine("thanks!", known), undefined);
    assert.equal(addressedCommandLine("", known), undefined);
    assert.equal(addressedCommandLine("/unknown", known), undefined);
  });
});

describe("readStartPayload", () => {
  it("names an action by its prefix and keeps the payload's case", () => {
    assert.deepEqual(readStartPayload("join_K7PQ-4XMT"), { kind: "command", line: "/setup join K7PQ-4XMT" });
    assert.deepEqual(readStartPayload("link_ab12-CD34"), { kind: "command", line: "/link ab12-CD34" });
    assert.deepEqual(readStartPayload("--Xy_z9AbC"), { kind: "resume", id: "--Xy_z9AbC" });
    assert.deepEqual(readStartPayload("Join_x"), { kind: "resume", id: "Join_x" });
  });
});
