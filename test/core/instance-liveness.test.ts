// Telling for certain that the process behind an instance id is gone.
import assert from "node:assert/strict";
import { it } from "vitest";
import { newInstanceId } from "../../src/core/instance-id.js";
import { instanceIsGone, type LivenessProbe, parseInstanceId } from "../../src/core/instance-liveness.js";

const probe = (alive: number[]): LivenessProbe => ({
  host: "bot-1",
  pidNamespace: "4026531836",
  processExists: (pid) => alive.includes(pid),
});

it("reads host, PID and PID namespace, and refuses other shapes", () => {
  assert.deepEqual(parseInstanceId("bot-1:42:a1b2c3:pidns4026531836"), {
    host: "bot-1",
    pid: 42,
    pidNamespace: "4026531836",
  });
  assert.deepEqual(parseInstanceId("bot-1:42:a1b2c3"), { host: "bot-1", pid: 42 });
  for (const odd of ["unnamed", "bot-1:x:a1", "bot-1:42:a1:other", "a:1:b:pidns1:extra", ""]) {
    assert.equal(parseInstanceId(odd), undefined, odd);
  }
  assert.ok(parseInstanceId(newInstanceId()), "this process's own ids parse");
});

it("is gone only on this host, in this PID namespace, with no such process", () => {
  const p = probe([7]);
  assert.equal(instanceIsGone("bot-1:42:a1b2c3:pidns4026531836", p), true);
  assert.equal(instanceIsGone("bot-1:7:a1b2c3:pidns4026531836", p), false, "a process with that PID runs");
  assert.equal(instanceIsGone("bot-2:42:a1b2c3:pidns4026531836", p), false, "another host");
  assert.equal(instanceIsGone("bot-1:42:a1b2c3:pidns1", p), false, "another container");
  assert.equal(instanceIsGone("bot-1:42:a1b2c3", p), false, "namespace unknown");
  assert.equal(instanceIsGone("unnamed", p), false);
  assert.equal(instanceIsGone(null, p), false);
  assert.equal(instanceIsGone("bot-1:42:a1b2c3:pidns4026531836", { ...p, pidNamespace: undefined }), false);
});
