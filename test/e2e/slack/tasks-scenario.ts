// The volunteer-task flow on Slack, run by both transports after the
// community scenario: a coordinator posts a one-slot shift, a Join press fills
// it (the card is updated with chat.update), a second press wait-lists, a
// leave promotes the waiting person, who is told through the outbox. Then a
// shift with roles: a Maybe press is shown apart and takes no slot, and a
// role's Join button fills that role.
import assert from "node:assert/strict";
import { it } from "vitest";
import { botMessages, findButton, visibleText } from "../../adapters/slack/support.js";
import type { SlackE2E } from "./harness.js";

export function tasksScenario(e2e: () => SlackE2E): void {
  it("a coordinator posts a shift card with Join, Maybe and Leave buttons", async () => {
    const { talkoot, lastText } = e2e();
    await talkoot(
      "aino",
      'task add "Park clean-up" --when "sat 10:00" --until "12:00" --slots 1 --where "Kallio park"',
    );
    const card = lastText();
    assert.match(card, /Park clean-up/);
    assert.match(card, /Sat \d+ \w+ 10:00–12:00/);
    assert.match(card, /Kallio park/);
    assert.match(card, /0\/1 filled/);
    const { message } = findButton(e2e().fake, e2e().general, "Join");
    assert.ok(findButton(e2e().fake, e2e().general, "Maybe").message.ts === message.ts);
    assert.ok(findButton(e2e().fake, e2e().general, "Leave").message.ts === message.ts);
  });

  it("Join fills the slot and updates the card in place; a second Join goes on the wait-list", async () => {
    const { fake, workspace, general, handled, via } = e2e();
    const { message, actionId } = findButton(fake, general, "Join");
    let before = handled.count;
    await fake.pressButton(via, general, message.ts, workspace.user("eero"), actionId);
    await handled.waitFor(before + 1);
    assert.equal(handled.list.at(-1)?.outcome.toast, "You're in");
    assert.match(visibleText(fake, fake.message(general, message.ts)!), /1\/1 filled/);

    before = handled.count;
    await fake.pressButton(via, general, message.ts, workspace.user("olli"), actionId);
    await handled.waitFor(before + 1);
    assert.match(handled.list.at(-1)?.outcome.toast ?? "", /wait-list, number 1/);
    assert.match(visibleText(fake, fake.message(general, message.ts)!), /1\/1 filled · 1 on the wait-list/);
    assert.ok(fake.message(general, message.ts)!.edits.length >= 2, "edited with chat.update, not re-posted");
  });

  it("a leave promotes the first on the wait-list, who is told in the channel with a mention", async () => {
    const { talkoot, fake, workspace, general } = e2e();
    const taskId = /#(\d+)/.exec(visibleText(fake, findButton(fake, general, "Join").message))?.[1];
    assert.ok(taskId);
    await talkoot("eero", `task leave ${taskId}`);
    const olli = workspace.user("olli");
    const notice = await fake.waitFor(
      () => botMessages(fake, general).find((m) => m.text.includes(`<@${olli}>`) && /place opened up/.test(m.text)),
      5_000,
      "the promotion notice",
    );
    assert.match(visibleText(fake, notice), /Park clean-up/);
  });

  it("a Maybe press is shown apart and not counted; a role's Join button fills that role's slots", async () => {
    const { talkoot, fake, workspace, general, handled, via } = e2e();
    await talkoot("aino", 'task add "Food bank" --when "sun 10:00" --roles "driver:1, sorter:2"');
    const maybe = findButton(fake, general, "Maybe");
    assert.match(visibleText(fake, maybe.message), /Food bank/);
    assert.equal(findButton(fake, general, "Join as driver").message.ts, maybe.message.ts);
    const sorter = findButton(fake, general, "Join as sorter");
    assert.equal(sorter.message.ts, maybe.message.ts);
    const card = () => visibleText(fake, fake.message(general, maybe.message.ts)!);

    let before = handled.count;
    await fake.pressButton(via, general, maybe.message.ts, workspace.user("eero"), maybe.actionId);
    await handled.waitFor(before + 1);
    assert.equal(handled.list.at(-1)?.outcome.toast, "You're a maybe");
    // Slack shows each role's slots, and the maybes, as fields of their own.
    assert.match(card(), /\*driver\*\n0\/1 filled\n\*sorter\*\n0\/2 filled/);
    assert.match(card(), /\*Maybe\*\n1/);

    before = handled.count;
    await fake.pressButton(via, general, sorter.message.ts, workspace.user("olli"), sorter.actionId);
    await handled.waitFor(before + 1);
    assert.equal(handled.list.at(-1)?.outcome.toast, "You're in as sorter");
    assert.match(card(), /\*driver\*\n0\/1 filled\n\*sorter\*\n1\/2 filled/);
    assert.match(card(), /\(sorter\)/);
    // The maybe is still apart, and took no slot.
    assert.match(card(), /\*Maybe\*\n1/);
  });
}
