// The fault suite's reading of messages sent twice: one repeat per chat
// across a kill is the allowed duplicate, anything else is doubled.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { countDuplicates } from "./duplicate-messages.js";

const msg = (at: number, chat: string, text: string) => ({ at, chat, text });

describe("countDuplicates", () => {
  it("counts nothing when every message is different", () => {
    const counted = countDuplicates([msg(0, "a", "one"), msg(1, "a", "two"), msg(2, "b", "one")], [1]);
    assert.deepEqual(counted, { afterCrash: 0, doubled: 0, examples: [] });
  });

  it("allows one repeat per chat across a kill", () => {
    const counted = countDuplicates(
      [msg(3, "a", "reminder"), msg(9, "a", "reminder"), msg(4, "b", "x"), msg(8, "b", "x")],
      [5],
    );
    assert.equal(counted.afterCrash, 2);
    assert.equal(counted.doubled, 0);
  });

  it("doubles a second repeat in the same chat for the same kill", () => {
    const counted = countDuplicates(
      [msg(3, "a", "one"), msg(4, "a", "two"), msg(9, "a", "one"), msg(10, "a", "two")],
      [5],
    );
    assert.equal(counted.afterCrash, 1);
    assert.equal(counted.doubled, 1);
    assert.deepEqual(counted.examples, ["a: two"]);
  });

  it("doubles a repeat from one process (no kill between the copies)", () => {
    const counted = countDuplicates([msg(6, "a", "has changed"), msg(7, "a", "has changed")], [5]);
    assert.equal(counted.afterCrash, 0);
    assert.equal(counted.doubled, 1);
  });

  it("allows a repeat again after a later kill", () => {
    const counted = countDuplicates(
      [msg(1, "a", "one"), msg(3, "a", "one"), msg(4, "a", "two"), msg(6, "a", "two")],
      [2, 5],
    );
    assert.equal(counted.afterCrash, 2);
    assert.equal(counted.doubled, 0);
  });
});
