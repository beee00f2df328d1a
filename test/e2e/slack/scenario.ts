// The community scenario both transports run, in order, on one workspace:
// help, setting up a community, an invite, a role, a link code, a button
// press, a retried delivery, and the language switch last.
import assert from "node:assert/strict";
import { it } from "vitest";
import { botMessages, findButton, visibleText } from "../../adapters/slack/support.js";
import { assertAcknowledged, type SlackE2E } from "./harness.js";
import { pollsScenario } from "./polls-scenario.js";
import { tasksScenario } from "./tasks-scenario.js";

export function communityScenario(e2e: () => SlackE2E): void {
  it("/talkoot help lists the commands in the channel", async () => {
    const { talkoot, lastText } = e2e();
    const { outcome } = await talkoot("aino", "help");
    assert.equal(outcome.status, "handled");
    assert.match(lastText(), /^Talkoot commands\n/);
    assert.match(lastText(), /\/setup — /);
  });

  it("/talkoot setup community is for workspace admins, who make the channel a community's home", async () => {
    const { talkoot, lastText, handled } = e2e();
    await talkoot("aino", "setup community Kallio");
    assert.match(lastText(), /^That needs the chat admin role here\./);
    assert.equal(handled.list.at(-1)?.event.author.isChatAdmin, false);

    await talkoot("olli", "setup community Kallio");
    assert.match(lastText(), /^“Kallio” is set up, and this chat is its home\. You are its admin\./);
    const { event } = handled.list.at(-1)!;
    assert.equal(event.author.isChatAdmin, true, "users.info says olli is a workspace admin");
    assert.equal(event.conversation.chatId, `slack:T0KALLIO:${e2e().general}`);
    assert.equal(event.author.id, `slack:T0KALLIO:${e2e().workspace.user("olli")}`);
  });

  it("/talkoot setup invite prints a one-time code", async () => {
    const { talkoot, lastText } = e2e();
    await talkoot("olli", "setup invite");
    assert.match(lastText(), /^Invite code: [A-Z0-9]{4}-[A-Z0-9]{4} \(valid for 7 days, once\)\./);
  });

  it("/talkoot role @aino coordinator finds aino by her Slack mention", async () => {
    const { talkoot, lastText, handled } = e2e();
    // Members are people who have spoken in a community's chat.
    await talkoot("aino", "help");
    const { outcome } = await talkoot("olli", "role @aino coordinator");
    assert.equal(outcome.status, "handled", lastText());
    const event = handled.list.at(-1)!.event;
    assert.equal(
      event.kind === "command" && event.text,
      `/role <@slack:T0KALLIO:${e2e().workspace.user("aino")}> coordinator`,
    );
    assert.equal(lastText(), "Aino Virtanen is now coordinator in “Kallio”.");
  });

  it("/talkoot link answers privately, with chat.postEphemeral", async () => {
    const { talkoot, fake, workspace, general } = e2e();
    const before = botMessages(fake, general).length;
    const posts = fake.callsOf("chat.postMessage").length;
    await talkoot("aino", "link");
    const shown = fake.ephemeralsFor(general, workspace.user("aino")).at(-1);
    assert.ok(shown);
    assert.equal(shown.source, "chat.postEphemeral");
    assert.match(fake.render(shown.text), /^Your link code: \S+ \(valid for 10 minutes\)/);
    assert.equal(botMessages(fake, general).length, before, "nothing in the channel");
    assert.equal(fake.callsOf("chat.postMessage").length, posts, "no chat.postMessage anywhere");
    assert.equal(fake.ephemeralsFor(general, workspace.user("olli")).length, 0);
  });

  it("a button press arrives as block_actions, edits the card with chat.update and toasts the presser", async () => {
    const { talkoot, fake, workspace, general, handled, via } = e2e();
    await talkoot("eero", "counter");
    const { message, actionId } = findButton(fake, general, "Count");
    const before = handled.count;
    const press = await fake.pressButton(via, general, message.ts, workspace.user("eero"), actionId);
    assertAcknowledged(press);
    assert.equal(press.payload.type, "block_actions");
    await handled.waitFor(before + 1);
    const { event, outcome } = handled.list[before]!;
    assert.equal(event.kind, "action");
    assert.equal(outcome.status, "handled");
    const edited = fake.message(general, message.ts)!;
    assert.equal(edited.edits.length, 1);
    assert.equal(visibleText(fake, edited), "count 1");
    assert.equal(fake.callsOf("chat.update").at(-1)?.params.ts, message.ts);
    const toast = fake.ephemeralsFor(general, workspace.user("eero")).at(-1);
    assert.equal(toast?.text, "Counted: 1");
    assert.equal(toast?.source, "chat.postEphemeral");
  });

  it("a retried delivery of a command has one effect", async () => {
    const { talkoot, fake, general, handled, adapter } = e2e();
    const { delivery } = await talkoot("eero", "counter");
    // Out of the inbox first: a redelivery of a request still in hand is acknowledged and not handled twice.
    await adapter.settle();
    const messages = botMessages(fake, general).length;
    const before = handled.count;
    const again = await fake.redeliver(delivery.id, { reason: "timeout" });
    assertAcknowledged(again);
    await handled.waitFor(before + 1);
    assert.equal(handled.list[before]!.outcome.status, "duplicate");
    assert.equal(handled.list[before]!.event.eventId, handled.list[before - 1]!.event.eventId);
    assert.equal(botMessages(fake, general).length, messages, "no second reply");
  });

  it("a retried button press has one effect", async () => {
    const { fake, workspace, general, handled, via, adapter } = e2e();
    const { message, actionId } = findButton(fake, general, "Count");
    const before = handled.count;
    const press = await fake.pressButton(via, general, message.ts, workspace.user("aino"), actionId);
    await handled.waitFor(before + 1);
    await adapter.settle();
    await fake.redeliver(press.id);
    await handled.waitFor(before + 2);
    assert.deepEqual(
      handled.list.slice(before).map((h) => h.outcome.status),
      ["handled", "duplicate"],
    );
    assert.equal(visibleText(fake, fake.message(general, message.ts)!), "count 2");
  });

  it("'@Talkoot help' works as a command, and its retry has one effect", async () => {
    const { fake, workspace, general, handled, via, adapter } = e2e();
    const before = handled.count;
    const messages = botMessages(fake, general).length;
    const first = await fake.mention(via, general, workspace.user("aino"), "help");
    assertAcknowledged(first);
    await handled.waitFor(before + 1);
    await adapter.settle();
    assert.equal(handled.list[before]!.event.kind, "command");
    await fake.redeliver(first.id);
    await handled.waitFor(before + 2);
    assert.equal(handled.list[before + 1]!.outcome.status, "duplicate");
    assert.equal(botMessages(fake, general).length, messages + 1);
    assert.match(visibleText(fake, botMessages(fake, general).at(-1)!), /^Talkoot commands/);
  });

  tasksScenario(e2e);
  pollsScenario(e2e);

  it("/talkoot lang fi switches the channel to Finnish", async () => {
    const { talkoot, lastText } = e2e();
    await talkoot("olli", "lang fi");
    assert.equal(lastText(), "Tämä keskustelu puhuu nyt suomea.");
    await talkoot("aino", "help");
    assert.match(lastText(), /^Talkoot-komennot\n/);
  });
}
