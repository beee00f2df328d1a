// A request across two platforms: a resident files it in the community's
// chat on the console; its card arrives in the city's team chat on a second
// platform (a MemoryAdapter); an official acknowledges and resolves it with
// the card's buttons; the resident's chat gets both updates, in order; and
// /request status shows the history.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { startTasksApp, type TasksTestApp } from "../domain/tasks/harness.js";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";

forEachDatabase("a request from the console to another platform's team chat", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  let app: TasksTestApp;
  let city: MemoryAdapter;

  beforeAll(async () => {
    city = new MemoryAdapter("slack");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [city] });
  });
  afterAll(() => app.close());

  /** Runs due jobs and delivers the outbox; returns what the console printed meanwhile. */
  async function settle(): Promise<string> {
    const before = app.output().length;
    await app.settle();
    return app.output().slice(before);
  }

  it("files on the console, is answered by buttons on the other platform, and reports back in order", async () => {
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
    const invite = /Invite code: (\S+)/.exec(await app.type("/setup invite"))![1]!;
    await city.command("city", "mia", `/setup join ${invite} --officials`, { admin: true });
    assert.match(city.lastText("city"), /This chat is now the officials' chat of “Kallio”/);
    await city.command("city", "olga", "/help");
    await app.type("/role mia admin", "/role olga official");
    await city.command(
      "city",
      "mia",
      '/setup category add lighting "Street lighting" --keywords lamp --expect "3 days"',
    );
    await city.command("city", "mia", '/setup contact add "City lighting" --categories lighting');
    assert.match(city.lastText("city"), /“City lighting” now receives requests here for: lighting\./);

    const filed = await app.type(":as bob", '/request lighting Streetlight out at the corner --where "Main street 1"');
    assert.match(
      filed,
      /\[#kallio\]\n {2}Request K-1001\n {2}Thank you\. Your request number is K-1001\.\n {2}Category: Street lighting\n {2}Where: Main street 1\n {2}Expected response: within 3 days\n {2}Sent to: City lighting/,
    );

    await settle();
    const card = city.messagesIn("city").at(-1)!;
    assert.equal(card.message.title, "K-1001 · Street lighting");
    assert.deepEqual(card.message.fields?.slice(0, 1), [{ label: "Status", value: "new" }]);
    assert.equal(card.message.fields?.find((f) => f.label === "From")?.value, "bob");

    assert.equal((await city.press("city", "olga", "Acknowledge")).toast, "K-1001 is now acknowledged.");
    assert.equal(card.message.fields?.[0]?.value, "acknowledged");
    clock.advance(2 * 3_600_000);
    assert.equal((await city.press("city", "olga", "Resolve")).toast, "K-1001 is now fixed.");
    assert.equal(card.message.fields?.[0]?.value, "fixed");
    assert.equal(card.message.buttons, undefined);

    const told = await settle();
    const acknowledged = told.indexOf("@bob Request K-1001 (Street lighting) is now acknowledged.");
    const fixed = told.indexOf("@bob Request K-1001 (Street lighting) is now fixed.");
    assert.ok(acknowledged >= 0, told);
    assert.ok(fixed > acknowledged, "the updates arrive in order");
    assert.match(
      told,
      /\[#kallio\]\n {2}@bob Request K-1001 \(Street lighting\) is now fixed\.\n {2}Not fixed\? Send \/request reopen K-1001 <why> within 14 days\./,
    );

    const status = await app.type("/request status K-1001");
    assert.match(
      status,
      /K-1001 · Street lighting\n {2}Streetlight out at the corner\n {2}\n {2}History:\n {2}Tue 1 Dec 10:00 · filed\n {2}Tue 1 Dec 10:00 · new → acknowledged\n {2}Tue 1 Dec 12:00 · acknowledged → fixed\n {2}Status: fixed/,
    );
  });

  it("/request near lists open requests near a map link, nearest first, so a neighbour backs one instead", async () => {
    await app.type(":as bob", "/request lighting Lamp dark at the library --at 60.1841,24.9503");
    await app.type(":as carol", "/request lighting Lamp flickering https://maps.google.com/?q=60.1881,24.9503");
    // The console has no location messages: the place comes with the command.
    const near = await app.type(":as dave", "/request near https://www.openstreetmap.org/#map=17/60.1845/24.9503");
    assert.match(
      near,
      /2 open requests within 1 km\n {2}K-1002 · 40 m · Street lighting · Lamp dark at the library · \+0\n {2}K-1003 · 400 m · Street lighting · Lamp flickering .* · \+0/,
    );
    assert.doesNotMatch(near, /K-1001/, "the fixed request is not listed");
    assert.match(await app.type("/request +1 K-1002"), /K-1002/);
    assert.match(
      await app.type("/request near 60.1845,24.9503 --radius 100m"),
      /1 open request within 100 m\n {2}K-1002 · 40 m .* · \+1/,
    );
  });

  it("offers the guided /request's place as '📍 Nearby', whose +1 buttons back a listed request instead", async () => {
    assert.match(await app.type(":as erin", "/request lighting"), /Describe the problem/);
    assert.match(await app.type("Lamp dark by the library"), /Where is it\?/);
    // A map link answers "Where is it?": the place is known as coordinates.
    assert.match(await app.type("https://maps.google.com/?q=60.1843,24.9503"), /Add a photo\?/);
    const preview = await app.type(":press 1");
    assert.match(preview, /\[1\] Create {2}\[2\] Edit {2}\[3\] Cancel\s+\[4\] 📍 Nearby/);

    const near = await app.type(":press 4");
    assert.match(near, /2 open requests within 1 km\n {2}K-1002 · 20 m .* · \+1\n {2}K-1003 · 420 m .* · \+0/);
    assert.match(near, /\[1\] \+1 K-1002 {2}\[2\] \+1 K-1003/);
    // Backing one: thanked, and the list shows the new count in place.
    const backed = await app.type(":press 1");
    assert.match(backed, /Thanks: 2 neighbours now back K-1002\./);
    assert.match(backed, /K-1002 · 20 m .* · \+2/);
    assert.match(await app.type(":press 1"), /You already back K-1002\./);
    assert.match(await app.type("/cancel"), /Stopped\. Nothing was created\./);
    assert.match(await app.type("/request near 60.1843,24.9503"), /K-1002 · 20 m .* · \+2/);
    // A map link given as --where (what the guided "Where is it?" becomes) places the filed request too.
    await app.type('/request lighting Bench lamp out --where "https://maps.google.com/?q=60.1950,24.9503"');
    assert.match(
      await app.type("/request near 60.1950,24.9503 --radius 100m"),
      /K-\d+ · 0 m · Street lighting · Bench lamp out/,
    );
  });

  it("shows no '📍 Nearby' when the guided request's place is only an address", async () => {
    await app.type(":as erin", "/request lighting", "Bench broken", "Main street 5");
    const preview = await app.type(":press 1");
    assert.match(preview, /\[1\] Create {2}\[2\] Edit {2}\[3\] Cancel/);
    assert.doesNotMatch(preview, /Nearby/);
    await app.type("/cancel");
  });
});
