// Lanes: updates of one chat (or one presser) in order, others side by side.
import assert from "node:assert/strict";
import type { Update } from "grammy/types";
import { it } from "vitest";
import { Lanes, laneOf } from "../../../adapters/telegram/update-lanes.js";

it("puts a chat's messages in one lane and each presser or voter in their own", () => {
  const chat = { id: -5, type: "group", title: "g" };
  const message = (id: number) => ({ update_id: id, message: { message_id: id, date: 1, chat, text: "x" } }) as Update;
  const press = (id: number, user: number) =>
    ({ update_id: id, callback_query: { id: `q${id}`, from: { id: user }, chat_instance: "1" } }) as unknown as Update;
  const vote = (id: number, user: number) =>
    ({ update_id: id, poll_answer: { poll_id: "p", user: { id: user }, option_ids: [0] } }) as unknown as Update;
  assert.equal(laneOf(message(1)), laneOf(message(2)));
  assert.equal(laneOf(press(3, 7)), laneOf(vote(4, 7)));
  assert.notEqual(laneOf(press(3, 7)), laneOf(press(5, 8)));
  assert.notEqual(laneOf(message(1)), laneOf(press(3, 7)));
  assert.equal(laneOf({ update_id: 9 } as Update), "update:9");
  // The bot removed and added back: in the chat's lane, so applied in order.
  const membership = (id: number) => ({ update_id: id, my_chat_member: { chat } }) as unknown as Update;
  assert.equal(laneOf(membership(10)), laneOf(membership(11)));
  assert.equal(laneOf(membership(10)), laneOf(message(1)));
});

it("runs a lane in order and lanes side by side, across batches", async () => {
  const lanes = new Lanes();
  const log: string[] = [];
  let releaseA1: () => void = () => {};
  const task = (item: string) => async () => {
    log.push(`start ${item}`);
    if (item === "a1") await new Promise<void>((resolve) => (releaseA1 = resolve));
    log.push(`end ${item}`);
    return item;
  };
  const first = ["a1", "b1"].map((item) => lanes.run(item[0]!, task(item)));
  const second = ["a2", "b2"].map((item) => lanes.run(item[0]!, task(item)));
  await new Promise((resolve) => setImmediate(resolve));
  // Lane b went on while a1 waits; a2 (a later batch) waits behind a1.
  assert.deepEqual(log, ["start a1", "start b1", "end b1", "start b2", "end b2"]);
  assert.equal(lanes.busy, 1);
  releaseA1();
  assert.deepEqual(await Promise.all([...first, ...second]), ["a1", "b1", "a2", "b2"]);
  assert.deepEqual(log.slice(5), ["end a1", "start a2", "end a2"]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(lanes.busy, 0);
});

it("a failing task does not stop its lane", async () => {
  const lanes = new Lanes();
  const failed = lanes.run("x", async () => {
    throw new Error("boom");
  });
  const next = lanes.run("x", async () => "went on");
  await assert.rejects(failed, /boom/);
  assert.equal(await next, "went on");
});
