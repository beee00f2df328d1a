// Quick polls on Slack, run by both transports: a poll card with one button
// per option and Results; presses arrive as block_actions and are answered
// with an ephemeral toast; closing edits the card to its final result with
// chat.update and posts a short summary (pointing to the card) in the channel.
import assert from "node:assert/strict";
import { it } from "vitest";
import { botMessages, findButton, visibleText } from "../../adapters/slack/support.js";
import type { SlackE2E } from "./harness.js";

export function pollsScenario(e2e: () => SlackE2E): void {
  it("a poll card takes votes by button and closes to a final result and a summary", async () => {
    const { talkoot, fake, workspace, general, handled, via, lastText } = e2e();
    await talkoot("aino", 'poll "Which Saturday?" "Dec 5" "Dec 12"');
    assert.match(lastText(), /Which Saturday\?/);
    const id = /Poll #(\d+)/.exec(lastText())?.[1];
    assert.ok(id, lastText());
    const { message, actionId } = findButton(fake, general, "Dec 12");
    for (const voter of ["eero", "olli"]) {
      const before = handled.count;
      await fake.pressButton(via, general, message.ts, workspace.user(voter), actionId);
      await handled.waitFor(before + 1);
      assert.equal(handled.list.at(-1)?.outcome.status, "handled");
    }
    await talkoot("aino", `poll close ${id}`);
    const summary = await fake.waitFor(
      () => botMessages(fake, general).find((m) => /The final result is on the poll's card/.test(visibleText(fake, m))),
      5_000,
      "the closing summary",
    );
    // The result is shown once: on the edited card, not again in the summary.
    assert.doesNotMatch(visibleText(fake, summary), /wins with/);
    // The final edit goes through the outbox, within Slack's 1/s per channel, so it may trail the summary.
    const card = await fake.waitFor(
      () => {
        const edited = fake.message(general, message.ts)!;
        return edited.edits.length >= 1 && /closed/.test(visibleText(fake, edited)) ? edited : undefined;
      },
      5_000,
      "the card's final edit (chat.update)",
    );
    assert.match(visibleText(fake, card), /“Dec 12” wins with 2 votes/);
  });
}
