// Guided flows as Slack modals (issue 20): `/task add` without its pieces
// opens a modal from the slash command's trigger; a submission with bad
// answers shows errors under the fields (a time the command would refuse
// too, under its field); a good one runs the one-line
// command in the channel, where the card appears; a trigger Slack calls
// expired leaves the command to the core, which asks question by question. A
// person who chose Finnish gets the modal and its errors in Finnish. Real Bolt over Socket Mode and
// HTTP against the fake Slack, the real core, on both databases.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { botMessages } from "../../adapters/slack/support.js";
import type { JsonObject, OpenView, Via } from "../../fakes/slack/fake-slack.js";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { assertAcknowledged, type SlackE2E, startSlackE2E } from "./harness.js";

function blocksOf(view: OpenView): JsonObject[] {
  return view.view.blocks as JsonObject[];
}

function elementOf(view: OpenView, blockId: string): JsonObject {
  const block = blocksOf(view).find((b) => b.block_id === blockId);
  assert.ok(block, `a block ${blockId}`);
  return block.element as JsonObject;
}

for (const provider of TEST_PROVIDERS) {
  for (const via of ["socket", "http"] as Via[]) {
    describe(`Slack modals over ${via} [${provider}]`, () => {
      let e2e: SlackE2E;
      beforeAll(async () => {
        e2e = await startSlackE2E(via, provider);
        await e2e.talkoot("olli", "setup community Kallio");
      });
      afterAll(() => e2e.close());

      /** olli types `/talkoot <text>`; resolves once Slack has its acknowledgement. */
      const type = async (text: string) => {
        const { fake, workspace } = e2e;
        const delivery = await fake.slashCommand(via, {
          command: "/talkoot",
          text: workspace.typed(text),
          userId: workspace.user("olli"),
          channelId: e2e.general,
        });
        assertAcknowledged(delivery);
      };

      it("/task add with no pieces opens a modal; its submission creates the shift and the card appears in the channel", async () => {
        const { fake, workspace, general, handled } = e2e;
        const olli = workspace.user("olli");
        const handledBefore = handled.count;
        const postedBefore = botMessages(fake, general).length;
        await type("task add");
        const view = await fake.waitFor(() => fake.openView(olli), 10_000, "the modal");
        assert.equal((view.view.title as JsonObject).text, "New shift");
        assert.deepEqual(
          blocksOf(view).map((b) => [b.block_id, (b.element as JsonObject).type, b.optional]),
          [
            ["title", "plain_text_input", false],
            ["when", "plain_text_input", false],
            ["slots", "plain_text_input", false],
            ["where", "plain_text_input", true],
          ],
        );
        assert.equal(
          ((elementOf(view, "when").placeholder as JsonObject).text as string) ?? "",
          "today 18:00 · tomorrow 18:00 · sat 10:00",
          "the suggested times; any time is fine",
        );
        assert.equal(handled.count, handledBefore, "the modal took the command; the core saw nothing yet");
        assert.equal(botMessages(fake, general).length, postedBefore);

        const submitted = await fake.submitView(via, view.id, {
          title: "Food bank",
          when: "fri 17:00",
          slots: "3",
          where: "Kallio hall",
        });
        assert.equal(submitted.outcome, "closed");
        await handled.waitFor(handledBefore + 1);
        const { event, outcome } = handled.list.at(-1)!;
        assert.equal(outcome.status, "handled");
        assert.equal(
          event.kind === "command" && event.text,
          '/task add "Food bank" --when "fri 17:00" --slots 3 --where "Kallio hall"',
        );
        assert.equal(event.conversation.chatId, `slack:T0KALLIO:${general}`);
        assert.match(e2e.lastText(), /Food bank/);
        assert.match(e2e.lastText(), /0\/3 filled/);
        assert.match(e2e.lastText(), /Kallio hall/);
      });

      it("an invalid submission shows errors under the fields, keeps the modal open and creates nothing", async () => {
        const { fake, workspace, general, handled } = e2e;
        const olli = workspace.user("olli");
        await type('task add "Sorting" --slots 2');
        const view = await fake.waitFor(() => fake.openView(olli), 10_000, "the modal");
        assert.equal(elementOf(view, "title").initial_value, "Sorting", "what the line gave is prefilled");
        assert.equal(elementOf(view, "slots").initial_value, "2");
        const handledBefore = handled.count;
        const postedBefore = botMessages(fake, general).length;

        const refused = await fake.submitView(via, view.id, {
          title: "x".repeat(201),
          when: "tomorrow 18:00",
          slots: "many",
        });
        assert.equal(refused.outcome, "errors");
        assert.deepEqual(refused.errors, {
          title: "Please write 1 to 200 characters.",
          slots: "Please give a whole number from 1 to 999.",
        });
        assert.equal(fake.openView(olli)?.id, view.id);

        const accepted = await fake.submitView(via, view.id, { title: "Sorting", when: "tomorrow 18:00", slots: "2" });
        assert.equal(accepted.outcome, "closed");
        await handled.waitFor(handledBefore + 1);
        assert.equal(handled.count, handledBefore + 1, "only the accepted submission reached the core");
        assert.equal(botMessages(fake, general).length, postedBefore + 1);
        assert.match(e2e.lastText(), /Sorting/);
      });

      it("a time the command cannot read is shown under its field, and the modal stays open", async () => {
        const { fake, workspace, handled } = e2e;
        const olli = workspace.user("olli");
        await type('task add "Repairs" --slots 2');
        const view = await fake.waitFor(() => fake.openView(olli), 10_000, "the modal");
        const handledBefore = handled.count;
        const refused = await fake.submitView(via, view.id, { title: "Repairs", when: "banana", slots: "2" });
        assert.equal(refused.outcome, "errors");
        assert.deepEqual(refused.errors, {
          when: 'I can\'t read “banana” as a time. Try e.g. "sat 10:00", "tomorrow 18:00" or "2026-12-05 09:30".',
        });
        const past = await fake.submitView(via, view.id, { title: "Repairs", when: "2020-01-01 10:00", slots: "2" });
        assert.deepEqual(past.errors, {
          when: "“2020-01-01 10:00” is in the past. Give a time that is still to come.",
        });
        assert.equal(fake.openView(olli)?.id, view.id);
        const accepted = await fake.submitView(via, view.id, { title: "Repairs", when: "sat 10:00", slots: "2" });
        assert.equal(accepted.outcome, "closed");
        await handled.waitFor(handledBefore + 1);
        assert.match(e2e.lastText(), /Repairs/);
      });

      it("a person who chose Finnish gets the modal, and what to fix, in Finnish, though Slack says en-US", async () => {
        const { fake, workspace } = e2e;
        const aino = workspace.user("aino");
        await e2e.talkoot("aino", "lang fi --me");
        assert.match(e2e.lastText(), /Puhun sinulle nyt suomea/);
        const delivery = await fake.slashCommand(via, {
          command: "/talkoot",
          text: workspace.typed('task add "Siivous"'),
          userId: aino,
          channelId: e2e.general,
        });
        assertAcknowledged(delivery);
        const view = await fake.waitFor(() => fake.openView(aino), 10_000, "the modal");
        assert.equal((view.view.title as JsonObject).text, "Uusi vuoro");
        assert.deepEqual(
          blocksOf(view).map((b) => (b.label as JsonObject).text),
          ["Vuoro", "Milloin", "Ihmisiä", "Missä"],
        );
        assert.equal((view.view.submit as JsonObject).text, "Luo");
        const refused = await fake.submitView(via, view.id, { title: "Siivous", when: "la 10", slots: "monta" });
        assert.equal(refused.outcome, "errors");
        assert.deepEqual(refused.errors, { slots: "Anna kokonaisluku 1–999." });
        // Back to English for the tests after this one.
        await e2e.talkoot("aino", "lang en --me");
      });

      it("when views.open says the trigger expired, the command goes to the core as typed", async () => {
        const { fake, workspace, handled } = e2e;
        const opened = fake.views().length;
        const handledBefore = handled.count;
        const postedBefore = botMessages(fake, e2e.general).length;
        fake.fail("views.open", { kind: "error", error: "expired_trigger_id" });
        await type("task add");
        await handled.waitFor(handledBefore + 1);
        const { event } = handled.list.at(-1)!;
        assert.equal(event.kind === "command" && event.text, "/task add");
        assert.equal(event.author.id, `slack:T0KALLIO:${workspace.user("olli")}`);
        assert.equal(fake.views().length, opened, "no modal");
        const refusal = fake.callsOf("views.open").at(-1)?.response as JsonObject | undefined;
        assert.equal(refusal?.error, "expired_trigger_id");
        // The core asks instead, question by question, in the channel.
        assert.equal(botMessages(fake, e2e.general).length, postedBefore + 1);
        assert.match(e2e.lastText(), /What is the shift\?/);
      });
    });
  }
}
