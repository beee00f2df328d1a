// Guided flows as Discord modals (issue 20): a `/task add` that lacks pieces
// is answered with its flow's modal, as the interaction's first answer (no
// deferral before it); the modal submit runs the one-line command and its
// answer is the card; bad answers are told privately, nothing created, with
// a "Fix it" button that opens the modal again as typed (kept 15 minutes). A
// person who chose Finnish gets the modal and its refusal in Finnish.
// Real discord.js against the fake Discord, the real core, on both databases.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { buttonsOf, MANAGE_GUILD, visibleText } from "../../adapters/discord/support.js";
import { FakeDiscord, type JsonObject } from "../../fakes/discord/fake-discord.js";
import { forEachDatabase } from "../../support/databases.js";
import { ask, type DiscordApp, FLOW_FAKE, slash, startDiscordApp } from "./support.js";

/** The text inputs of a shown modal, one per action row. */
function inputsOf(modal: JsonObject | null): JsonObject[] {
  assert.ok(modal, "a modal was shown");
  return (modal.components as JsonObject[]).map((row) => (row.components as JsonObject[])[0]!);
}

forEachDatabase("discord modals", (getDatabase) => {
  let fake: FakeDiscord;
  let dc: DiscordApp;
  const admin = { user: "aino", channel: "general", memberPermissions: MANAGE_GUILD };

  beforeAll(async () => {
    fake = await FakeDiscord.start(FLOW_FAKE);
    dc = await startDiscordApp(getDatabase().url, fake);
    await ask(fake, dc.world, { ...admin, name: "setup", subcommand: "community", options: { name: "Kallio" } });
  });

  afterAll(async () => {
    await dc.close();
    await fake.stop();
  });

  it("/task add with only a title is answered with a modal; its submit creates the shift and answers with the card", async () => {
    const shown = slash(fake, dc.world, { ...admin, name: "task", subcommand: "add", options: { title: "Food bank" } });
    const callback = await shown.waitForCallback(15_000);
    assert.equal(callback.type, 9, "the modal is the first answer");
    assert.deepEqual(shown.record.rejectedCallbacks, []);
    const modal = shown.record.modal;
    assert.equal(modal?.custom_id, "talkoot-form:task-add");
    assert.equal(modal?.title, "New shift");
    const inputs = inputsOf(modal);
    assert.deepEqual(
      inputs.map((i) => [i.custom_id, i.label, i.required]),
      [
        ["title", "Shift", true],
        ["when", "When", true],
        ["slots", "People", true],
        ["where", "Where", false],
      ],
    );
    assert.equal(inputs[0]?.value, "Food bank", "what the command gave is prefilled");
    assert.equal(
      inputs[1]?.placeholder,
      "today 18:00 · tomorrow 18:00 · sat 10:00",
      "choices offered in the placeholder",
    );

    const submit = fake.submitModal(shown, { title: "Food bank", when: "sat 10:00", slots: "3", where: "Kallio hall" });
    const card = await submit.waitForOriginal(undefined, 15_000);
    const text = visibleText(card);
    assert.match(text, /Food bank/);
    assert.match(text, /0\/3 filled/);
    assert.match(text, /Kallio hall/);
    assert.equal(card.ephemeralTo, null);
    assert.deepEqual(
      buttonsOf(card).map((b) => b.label),
      ["Join", "Maybe", "Leave"],
    );
  });

  it("/task add alone opens the form too: a command with a form registers its options as optional", async () => {
    const registered = fake.guildCommands(dc.world.guildId).find((c) => c.name === "task");
    const add = (registered?.options as JsonObject[] | undefined)?.find((o) => o.name === "add");
    const title = (add?.options as JsonObject[] | undefined)?.find((o) => o.name === "title");
    assert.equal(title?.required, false);
    const shown = slash(fake, dc.world, { ...admin, name: "task", subcommand: "add" });
    await shown.waitForCallback(15_000);
    const inputs = inputsOf(shown.record.modal);
    assert.equal(inputs[0]?.custom_id, "title");
    assert.equal(inputs[0]?.value, undefined);
  });

  it("a submit with bad answers is told privately what to fix, and nothing is created", async () => {
    const posted = fake.botMessages.length;
    const shown = slash(fake, dc.world, { ...admin, name: "task", subcommand: "add", options: { title: "Sorting" } });
    await shown.waitForCallback(15_000);
    const submit = fake.submitModal(shown, { title: "Sorting", when: "tomorrow 18:00", slots: "many" });
    const answer = await submit.waitForOriginal(undefined, 15_000);
    assert.equal(answer.ephemeralTo, dc.world.user("aino"));
    assert.equal(visibleText(answer), "Nothing was created. People: Please give a whole number from 1 to 999.");
    assert.equal(
      fake.botMessages.slice(posted).filter((m) => m.ephemeralTo === null).length,
      0,
      "no card in the channel",
    );
  });

  it("a time the command would refuse is told privately with 'Fix it', which opens the modal again as typed", async () => {
    const aino = dc.world.user("aino");
    const shown = slash(fake, dc.world, { ...admin, name: "task", subcommand: "add", options: { title: "Repairs" } });
    await shown.waitForCallback(15_000);
    const typed = { title: "Repairs", when: "2020-01-01 10:00", slots: "2", where: "Shed" };
    const refused = await fake.submitModal(shown, typed).waitForOriginal(undefined, 15_000);
    assert.equal(refused.ephemeralTo, aino);
    assert.equal(
      visibleText(refused),
      "Nothing was created. When: “2020-01-01 10:00” is in the past. Give a time that is still to come.",
    );
    const [fixIt] = buttonsOf(refused);
    assert.equal(fixIt?.label, "Fix it");
    // What was typed waits in the database for the button, 15 minutes.
    const drafts = await dc.app.database.db.formDraft.findMany();
    assert.deepEqual(
      drafts.map((d) => [d.identityId, d.flow, JSON.parse(d.answers)]),
      [[`discord:${aino}`, "task-add", typed]],
    );

    const reopened = fake.pressButton({
      channelId: dc.world.channel("general"),
      userId: aino,
      messageId: refused.id,
      customId: fixIt!.customId,
    });
    assert.equal((await reopened.waitForCallback(15_000)).type, 9, "the press is answered with the modal");
    assert.deepEqual(
      inputsOf(reopened.record.modal).map((i) => [i.custom_id, i.value]),
      [
        ["title", "Repairs"],
        ["when", "2020-01-01 10:00"],
        ["slots", "2"],
        ["where", "Shed"],
      ],
    );
    const card = await fake.submitModal(reopened, { ...typed, when: "sat 10:00" }).waitForOriginal(undefined, 15_000);
    assert.match(visibleText(card), /Repairs/);
    assert.match(visibleText(card), /0\/2 filled/);
  });

  it("a person who chose Finnish gets the modal, and what to fix, in Finnish, though their client says en-US", async () => {
    const aila = { user: "aila", channel: "general" };
    const { text } = await ask(fake, dc.world, { ...aila, name: "lang", options: { language: "fi", me: true } });
    assert.match(text, /Puhun sinulle nyt suomea/);
    const shown = slash(fake, dc.world, { ...aila, name: "task", subcommand: "add", options: { title: "Siivous" } });
    await shown.waitForCallback(15_000);
    const modal = shown.record.modal;
    assert.equal(modal?.title, "Uusi vuoro");
    assert.deepEqual(
      inputsOf(modal).map((i) => i.label),
      ["Vuoro", "Milloin", "Ihmisiä", "Missä"],
    );
    const submit = fake.submitModal(shown, { title: "Siivous", when: "la 10", slots: "monta" });
    const answer = await submit.waitForOriginal(undefined, 15_000);
    assert.equal(visibleText(answer), "Mitään ei luotu. Ihmisiä: Anna kokonaisluku 1–999.");
  });

  it("when Discord does not take the modal, the command goes to the core, which asks question by question", async () => {
    // The first try and both of the REST client's retries fail.
    fake.failNext("POST /interactions/:id/:token/callback", { status: 503 }, 3);
    const shown = slash(fake, dc.world, { ...admin, name: "task", subcommand: "add", options: { title: "Repairs" } });
    const answer = await shown.waitForOriginal(undefined, 15_000);
    assert.equal(shown.record.modal, null);
    assert.match(visibleText(answer), /When does it start\?/);
  });

  it("a complete /task add still runs at once, without a modal", async () => {
    const { handle, text } = await ask(fake, dc.world, {
      ...admin,
      name: "task",
      subcommand: "add",
      options: { title: "Park clean-up", when: "sat 10:00", slots: 2 },
    });
    assert.equal(handle.record.modal, null);
    assert.match(text, /Park clean-up/);
  });
});
