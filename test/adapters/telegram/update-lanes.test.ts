// Lanes: updates of one chat (or one presser) in order, others side by side.
import assert from "node:assert/strict";
import type { Update } from "grammy/types";
import { it } from "vitest";
import { Lanes, laneOf, senderOf } from "../../../adapters/telegram/update-lanes.js";

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

it("takes turns between senders in a lane: an admin's command behind a 200-command flood runs second", async () => {
  const lanes = new Lanes();
  const started: string[] = [];
  let releaseFirst: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  const task = (name: string) => async () => {
    started.push(name);
    if (name === "flood 0") await firstHeld;
    return name;
  };
  const flood = Array.from({ length: 200 }, (_, i) => lanes.run("chat:-5", task(`flood ${i}`), "user:7"));
  const admin = lanes.run("chat:-5", task("admin /help"), "user:1");
  releaseFirst();
  assert.equal(await admin, "admin /help");
  // The flood's first command was already running; the admin's comes right after it, not at 201.
  assert.equal(started.indexOf("admin /help"), 1);
  await Promise.all(flood);
  // The flooder's own commands kept their order.
  assert.deepEqual(
    started.filter((name) => name.startsWith("flood")),
    flood.map((_, i) => `flood ${i}`),
  );
  assert.equal(lanes.busy, 0);
});

it("gives a chat's members their own turns and changes to the chat one shared turn", () => {
  const chat = { id: -5, type: "group", title: "g" };
  const message = (id: number, from: number) =>
    ({ update_id: id, message: { message_id: id, date: 1, chat, from: { id: from }, text: "x" } }) as unknown as Update;
  const membership = (id: number, from: number) =>
    ({ update_id: id, my_chat_member: { chat, from: { id: from } } }) as unknown as Update;
  assert.equal(senderOf(message(1, 7)), senderOf(message(2, 7)));
  assert.notEqual(senderOf(message(1, 7)), senderOf(message(2, 8)));
  // The bot removed by one admin and added back by another stay in order.
  assert.equal(senderOf(membership(3, 7)), senderOf(membership(4, 8)));
});

it("runs at most `limit` tasks at once over all lanes, granting turns in the order asked", async () => {
  const lanes = new Lanes(3);
  const started: number[] = [];
  const releases: Array<() => void> = [];
  const all = Array.from({ length: 10 }, (_, i) =>
    lanes.run(`user:${i}`, async () => {
      started.push(i);
      await new Promise<void>((resolve) => releases.push(resolve));
    }),
  );
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  await settle();
  assert.deepEqual(started, [0, 1, 2], "ten lanes asked; three run");
  releases.shift()!();
  await settle();
  assert.deepEqual(started, [0, 1, 2, 3], "one finished, the next in order starts");
  while (releases.length > 0) {
    releases.shift()!();
    await settle();
  }
  await Promise.all(all);
  assert.deepEqual(
    started,
    Array.from({ length: 10 }, (_, i) => i),
  );
  assert.equal(lanes.peakRunning, 3);
  assert.equal(lanes.busy, 0);
});

it("a failing task gives its slot back", async () => {
  const lanes = new Lanes(1);
  await assert.rejects(
    lanes.run("a", async () => {
      throw new Error("boom");
    }),
  );
  assert.equal(await lanes.run("b", async () => "ran"), "ran");
});
