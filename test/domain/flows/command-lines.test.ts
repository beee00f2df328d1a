// Each guided flow ends in the one-line command: its answers quoted so the
// tokenizer reads each back as one argument, and the registry starts a flow
// only for a line that lacks a piece.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { isTokenizeError, tokenizeCommand } from "../../../src/core/command-line.js";
import {
  answerFlow,
  categoryAddFlow,
  type FlowDefinition,
  type FlowProgress,
  fileOfAnswer,
  flowFor,
  hoursLogFlow,
  pollFlow,
  pollOptionsOf,
  requestFlow,
  startFlow,
} from "../../../src/domain/flows/index.js";

function lineOf(flow: FlowDefinition, answers: string[]): string {
  let progress: FlowProgress = startFlow(flow);
  for (const answer of answers) progress = answerFlow(flow, progress.state, answer);
  assert.equal(progress.outcome, "preview", `answers ${JSON.stringify(answers)} finish ${flow.name}`);
  return progress.outcome === "preview" ? progress.commandLine : "";
}

function wordsOf(line: string): string[] {
  const tokens = tokenizeCommand(line);
  assert.ok(!isTokenizeError(tokens), line);
  return tokens.tokens.map((t) => t.text);
}

describe("poll flow", () => {
  it("takes options one a line or separated by commas, and an optional close time", () => {
    const line = lineOf(pollFlow, ['Where shall we "meet"?', "Library\nPark, north end\nCafé", "fri 18:00"]);
    assert.equal(line, '/poll "Where shall we \\"meet\\"?" "Library" "Park, north end" "Café" --closes "fri 18:00"');
    assert.deepEqual(wordsOf(lineOf(pollFlow, ["Pizza?", "yes, no", "skip"])), ["Pizza?", "yes", "no"]);
  });

  it("asks again for a list of fewer than two options", () => {
    const progress = answerFlow(pollFlow, startFlow(pollFlow, { question: "Pizza?" }).state, "yes");
    assert.equal(progress.outcome, "invalid");
    assert.deepEqual(pollOptionsOf("- a\n- b\n\n"), ["a", "b"]);
  });
});

describe("request flow", () => {
  it("files in the chosen category, with the place when given", () => {
    const line = lineOf(requestFlow, ["lighting", 'Lamp "3" out \\ dark', "Main street 1", "skip"]);
    assert.deepEqual(wordsOf(line), ["lighting", 'Lamp "3" out \\ dark', "--where", "Main street 1"]);
    assert.equal(lineOf(requestFlow, ["roads", "Pothole", "skip", "skip"]), '/request "roads" "Pothole"');
  });

  it("takes its photo only as a sent file, kept with the answers and no part of the line", () => {
    const asked = answerFlow(
      requestFlow,
      startFlow(requestFlow, { category: "roads", description: "Pothole" }).state,
      "skip",
    );
    assert.equal(asked.outcome, "ask");
    // Words that look like a file's reference are still words: refused.
    const typed = '{"ref":"someone-elses","mimeType":"image/jpeg","size":1,"kind":"photo"}';
    assert.equal(answerFlow(requestFlow, asked.state, typed).outcome, "invalid");
    const file = { ref: "AgAD", mimeType: "image/jpeg", size: 70_000, kind: "photo" as const };
    const sent = answerFlow(requestFlow, asked.state, "", file);
    assert.equal(sent.outcome, "preview");
    assert.deepEqual(fileOfAnswer(sent.state.answers.photo), file);
    assert.equal(sent.outcome === "preview" && sent.commandLine, '/request "roads" "Pothole"');
    // A file is no answer to a question asked in words.
    assert.equal(answerFlow(requestFlow, startFlow(requestFlow).state, "roads", file).outcome, "invalid");
  });

  it("takes one word for a category code", () => {
    const progress = answerFlow(requestFlow, startFlow(requestFlow).state, "street lights");
    assert.equal(progress.outcome, "invalid");
  });
});

describe("hours log flow", () => {
  it("logs against a shift by its number, or with a note for other work", () => {
    assert.equal(lineOf(hoursLogFlow, ["#12", "2"]), '/hours log "2" --task 12');
    assert.deepEqual(wordsOf(lineOf(hoursLogFlow, ['Made "tea"', "1 h 30 min"])), [
      "log",
      "1 h 30 min",
      "--note",
      'Made "tea"',
    ]);
  });
});

describe("category add flow", () => {
  it("quotes the code, so one that looks like a flag stays a code", () => {
    assert.equal(
      lineOf(categoryAddFlow, ["lighting", "Street lighting", "3 days"]),
      '/setup category add "lighting" "Street lighting" --expect "3 days"',
    );
    assert.deepEqual(wordsOf(lineOf(categoryAddFlow, ["--x", "X", "skip"])), ["category", "add", "--x", "X"]);
  });
});

describe("which lines start a flow", () => {
  const given = (args: string[], flags: Record<string, string | number | boolean | undefined> = {}) => ({
    args,
    flags,
  });

  it("starts one for a line that lacks a piece, with the pieces it gave", () => {
    assert.deepEqual(flowFor(["task", "add"], given([]))?.answers, {});
    assert.deepEqual(flowFor(["task", "add"], given(["Sorting"], { slots: 3 }))?.answers, {
      title: "Sorting",
      slots: "3",
    });
    assert.equal(flowFor(["poll"], given(["Pizza?", "yes"]))?.flow.name, "poll");
    assert.deepEqual(flowFor(["request"], given(["lighting"]))?.answers, { category: "lighting" });
    assert.deepEqual(flowFor(["hours", "log"], given([], { task: "5" }))?.answers, { what: "5" });
    assert.equal(flowFor(["setup", "category", "add"], given(["lighting"]))?.flow.name, "category-add");
  });

  it("leaves complete lines, unguided commands and lines with other flags alone", () => {
    assert.equal(flowFor(["task", "add"], given(["Sorting"], { when: "sat 10:00" })), undefined);
    assert.equal(flowFor(["poll"], given(["Pizza?", "yes", "no"])), undefined);
    assert.equal(flowFor(["hours", "log"], given(["2"])), undefined);
    assert.equal(flowFor(["task", "list"], given([])), undefined);
    assert.equal(flowFor(["task", "add"], given(["Sorting"], { roles: "driver:2" })), undefined);
  });
});
