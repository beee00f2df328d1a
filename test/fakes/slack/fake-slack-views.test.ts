// The fake's modals driven by the real @slack/bolt App: views.open with the
// trigger_id of a slash command (single use, 3 s), its checks on the view,
// and view_submission over Socket Mode and HTTP with the app's answer
// (errors under the fields, or an empty ack that closes the modal).

import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, type ViewSubmitAction } from "@slack/bolt";
import { describe, test } from "vitest";
import { FakeSlack } from "./fake-slack.js";
import { botClient, socketApp, stopSocketApp } from "./sdk-clients.js";

const USER = "U0CITIZEN1";
const GENERAL = "C0GENERAL1";

async function startFake(): Promise<FakeSlack> {
  const fake = await FakeSlack.start();
  fake.addUser({ id: USER, name: "aino" });
  fake.addChannel({ id: GENERAL, name: "general", members: [USER] });
  return fake;
}

function shiftModal(title = "New shift") {
  return {
    type: "modal" as const,
    callback_id: "shift",
    private_metadata: JSON.stringify({ channel: GENERAL }),
    title: { type: "plain_text" as const, text: title },
    submit: { type: "plain_text" as const, text: "Create" },
    close: { type: "plain_text" as const, text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: "title",
        label: { type: "plain_text" as const, text: "Shift" },
        element: { type: "plain_text_input", action_id: "value", initial_value: "Food bank" },
      },
      {
        type: "input",
        block_id: "when",
        label: { type: "plain_text" as const, text: "When" },
        element: {
          type: "static_select",
          action_id: "value",
          options: ["today 18:00", "sat 10:00"].map((v) => ({
            text: { type: "plain_text" as const, text: v },
            value: v,
          })),
        },
      },
      {
        type: "input",
        block_id: "where",
        optional: true,
        label: { type: "plain_text" as const, text: "Place" },
        element: { type: "plain_text_input", action_id: "value" },
      },
    ],
  };
}

/** The Slack error of a failed Web API call. */
async function slackError(call: Promise<unknown>): Promise<{ error: string; messages: string[] }> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error?: string; response_metadata?: { messages?: string[] } } }).data;
    return { error: data?.error ?? "", messages: data?.response_metadata?.messages ?? [] };
  }
  throw new Error("the call succeeded");
}

describe("views.open and view_submission with Bolt", () => {
  test("a slash command's trigger opens one modal, once; a submission's errors show, then an empty ack closes it", async () => {
    const fake = await startFake();
    const app = socketApp(fake);
    const triggers: string[] = [];
    const submitted: ViewSubmitAction[] = [];
    app.command("/talkoot", async ({ ack, command, client }) => {
      await ack();
      triggers.push(command.trigger_id);
      await client.views.open({ trigger_id: command.trigger_id, view: shiftModal() });
    });
    app.view<ViewSubmitAction>("shift", async ({ ack, body }) => {
      submitted.push(body);
      const place = body.view.state.values.where?.value?.value;
      if (!place) await ack({ response_action: "errors", errors: { where: "Say where" } });
      else await ack();
    });
    try {
      await app.start();
      await fake.slashCommand("socket", { command: "/talkoot", text: "task add", userId: USER, channelId: GENERAL });
      const open = await fake.waitFor(() => fake.openView(USER));
      assert.equal((open.view.title as { text: string }).text, "New shift");
      assert.equal(open.view.private_metadata, JSON.stringify({ channel: GENERAL }));

      const again = await slackError(
        app.client.views.open({ trigger_id: triggers[0]!, view: shiftModal() }) as Promise<unknown>,
      );
      assert.equal(again.error, "exchanged_trigger_id");

      const first = await fake.submitView("socket", open.id, { title: "Food bank", when: "sat 10:00" });
      assert.equal(first.outcome, "errors");
      assert.deepEqual(first.errors, { where: "Say where" });
      assert.equal(fake.openView(USER)?.id, open.id, "errors keep the modal open");
      const values = submitted[0]!.view.state.values;
      assert.equal(values.title?.value?.value, "Food bank");
      assert.equal(values.when?.value?.selected_option?.value, "sat 10:00");
      assert.equal(values.where?.value?.value, null);
      assert.equal(submitted[0]!.view.callback_id, "shift");
      assert.equal(submitted[0]!.user.id, USER);

      const second = await fake.submitView("socket", open.id, { title: "Food bank", when: "sat 10:00", where: "Hall" });
      assert.equal(second.outcome, "closed");
      assert.equal(fake.openView(USER), undefined);
      await assert.rejects(fake.submitView("socket", open.id, { title: "x", when: "sat 10:00" }), /closed/);
    } finally {
      await stopSocketApp(app);
      await fake.stop();
    }
  });

  test("views.open refuses an expired or unknown trigger and a view over Slack's limits", async () => {
    const fake = await startFake();
    const client = botClient(fake);
    try {
      const trigger = String(
        fake.buildSlashCommand({ command: "/talkoot", userId: USER, channelId: GENERAL }).trigger_id,
      );
      const tooLong = await slackError(
        client.views.open({ trigger_id: trigger, view: shiftModal("A title longer than 24 chars") }),
      );
      assert.equal(tooLong.error, "invalid_arguments");
      assert.deepEqual(tooLong.messages, ["[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"]);

      const noSubmit = { ...shiftModal(), submit: undefined };
      const bad = await slackError(client.views.open({ trigger_id: trigger, view: noSubmit }));
      assert.match(bad.messages.join(), /json-pointer:\/view\/submit/);

      const select = shiftModal();
      const when = select.blocks[1]!.element as { options: unknown[] };
      when.options = Array.from({ length: 101 }, (_, i) => ({
        text: { type: "plain_text", text: `${i}` },
        value: `${i}`,
      }));
      const many = await slackError(client.views.open({ trigger_id: trigger, view: select }));
      assert.match(
        many.messages.join(),
        /no more than 100 items allowed \[json-pointer:\/view\/blocks\/1\/element\/options\]/,
      );

      const metadata = { ...shiftModal(), private_metadata: "x".repeat(3001) };
      const big = await slackError(client.views.open({ trigger_id: trigger, view: metadata }));
      assert.match(big.messages.join(), /json-pointer:\/view\/private_metadata/);

      // A refused view does not spend the trigger; an expired one cannot be spent.
      fake.expireTriggers();
      assert.equal(
        (await slackError(client.views.open({ trigger_id: trigger, view: shiftModal() }))).error,
        "expired_trigger_id",
      );
      assert.equal(
        (await slackError(client.views.open({ trigger_id: "123.456.abc", view: shiftModal() }))).error,
        "invalid_trigger_id",
      );
      assert.equal(fake.views().length, 0);
    } finally {
      await fake.stop();
    }
  });

  test("over HTTP the submission's answer is the response body", async () => {
    const fake = await startFake();
    const app = new App({
      token: fake.botToken,
      signingSecret: fake.signingSecret,
      clientOptions: { slackApiUrl: fake.slackApiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    app.command("/talkoot", async ({ ack, command, client }) => {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: shiftModal() });
    });
    app.view("shift", async ({ ack, view }) => {
      const title = view.state.values.title?.value?.value ?? "";
      if (title.length < 3) await ack({ response_action: "errors", errors: { title: "Too short" } });
      else await ack();
    });
    const server = (await app.start(0)) as Server;
    try {
      fake.requestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      await fake.slashCommand("http", { command: "/talkoot", userId: USER, channelId: GENERAL });
      const open = await fake.waitFor(() => fake.openView(USER));
      assert.deepEqual((await fake.submitView("http", open.id, { title: "ab", when: "today 18:00" })).errors, {
        title: "Too short",
      });
      assert.equal(
        (await fake.submitView("http", open.id, { title: "Sorting", when: "today 18:00" })).outcome,
        "closed",
      );
      // Slack's client would not send these at all.
      await fake.slashCommand("http", { command: "/talkoot", userId: USER, channelId: GENERAL });
      const again = await fake.waitFor(() => fake.openView(USER));
      await assert.rejects(fake.submitView("http", again.id, { when: "today 18:00" }), /required field "title"/);
      await assert.rejects(fake.submitView("http", again.id, { title: "Sorting", when: "never" }), /not an option/);
    } finally {
      await app.stop();
      await fake.stop();
    }
  });
});
