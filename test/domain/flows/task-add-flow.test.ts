import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { tokenizeCommand } from "../../../src/core/command-line.js";
import { answerFlow, type FlowProgress, startFlow, taskAddFlow } from "../../../src/domain/flows/index.js";

function answerAll(answers: string[]): FlowProgress {
  let progress = startFlow(taskAddFlow);
  for (const answer of answers) {
    assert.notEqual(progress.outcome, "preview");
    progress = answerFlow(taskAddFlow, progress.state, answer);
  }
  return progress;
}

describe("task add flow", () => {
  it("asks title, time, slots and place, then builds the one-line command", () => {
    const progress = answerAll(["Park clean-up", "sat 10:00", "4", "Kallio library"]);
    assert.equal(progress.outcome, "preview");
    assert.equal(
      progress.outcome === "preview" && progress.commandLine,
      '/task add "Park clean-up" --when "sat 10:00" --slots 4 --where "Kallio library"',
    );
  });

  it("asks the questions in order", () => {
    const keys: string[] = [];
    let progress = startFlow(taskAddFlow);
    for (const answer of ["Sorting", "tomorrow 18:00", "2", "skip"]) {
      if (progress.outcome !== "preview") keys.push(progress.step.key);
      progress = answerFlow(taskAddFlow, progress.state, answer);
    }
    assert.deepEqual(keys, ["title", "when", "slots", "where"]);
  });

  it("leaves out a skipped place", () => {
    const progress = answerAll(["Sorting", "tomorrow 18:00", "2", "Skip"]);
    assert.equal(
      progress.outcome === "preview" && progress.commandLine,
      '/task add "Sorting" --when "tomorrow 18:00" --slots 2',
    );
  });

  it("re-asks the same question after a bad slot count", () => {
    const progress = answerAll(["Sorting", "sat 10:00", "many"]);
    assert.equal(progress.outcome, "invalid");
    assert.equal(progress.outcome === "invalid" && progress.step.key, "slots");
    assert.equal(progress.state.step, 2);
  });

  it("does not let a required question be skipped", () => {
    const progress = answerAll(["skip"]);
    assert.equal(progress.outcome, "ask");
    assert.equal(progress.outcome === "ask" && progress.step.key, "when");
    assert.equal(progress.state.answers.title, "skip");
    assert.equal(answerAll([" "]).outcome, "invalid");
  });

  it("skips questions the starting command already answered", () => {
    const progress = startFlow(taskAddFlow, { title: "Sorting" });
    assert.equal(progress.outcome === "ask" && progress.step.key, "when");
  });

  it("quotes titles with quotes and backslashes so the tokenizer reads them back", () => {
    const progress = answerAll(['Say "hi" \\ wave', "sat 10:00", "3", "skip"]);
    assert.equal(progress.outcome, "preview");
    const tokens = tokenizeCommand(progress.outcome === "preview" ? progress.commandLine : "");
    assert.ok(!("error" in tokens));
    assert.deepEqual(
      tokens.tokens.map((t) => t.text),
      ["add", 'Say "hi" \\ wave', "--when", "sat 10:00", "--slots", "3"],
    );
  });
});
