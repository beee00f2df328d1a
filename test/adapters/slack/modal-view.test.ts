// A form as a Slack modal, checked with the fake's views.open rules, and a
// view_submission's state read back as answers. Pure.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { formAnswers, formOrigin, modalView, type ViewSubmissionPayload } from "../../../adapters/slack/modal-view.js";
import type { FormSpec } from "../../../src/core/forms.js";
import type { JsonObject } from "../../fakes/slack/fake-slack.js";
import { validateModalView } from "../../fakes/slack/views.js";

const form: FormSpec = {
  flow: "example",
  title: "A title that is longer than Slack's twenty-four",
  submitLabel: "Create",
  cancelLabel: "Cancel",
  fields: [
    {
      key: "size",
      label: "Size",
      hint: "Which size?",
      kind: "choice",
      choices: ["S", "M", "L"],
      optional: false,
      value: "M",
    },
    { key: "when", label: "When", hint: "When?", kind: "text", choices: ["sat 10:00", "sun 12:00"], optional: true },
  ],
};

describe("Slack modal view", () => {
  it("renders a choice as a static select and suggestions as a placeholder, within Slack's limits", () => {
    const view = modalView(form, { flow: "example", channelId: "C1" });
    const checked = validateModalView(view as unknown as JsonObject);
    assert.ok(checked.ok, checked.ok ? "" : checked.errors.join("\n"));
    assert.equal(view.title.text.length, 24);
    const [size, when] = view.blocks;
    assert.ok(size && when);
    assert.equal(size.element.type, "static_select");
    assert.deepEqual((size.element as { initial_option?: { value: string } }).initial_option?.value, "M");
    assert.equal(when.element.type, "plain_text_input");
    assert.equal((when.element as { placeholder?: { text: string } }).placeholder?.text, "sat 10:00 · sun 12:00");
    assert.equal(when.optional, true);
    assert.equal(when.hint.text, "When?");
  });

  it("reads the answers and the origin back from a submission", () => {
    const view = modalView(form, { flow: "example", channelId: "C1" });
    const body: ViewSubmissionPayload = {
      type: "view_submission",
      team: { id: "T1" },
      user: { id: "U1" },
      view: {
        id: "V1",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            size: { answer: { selected_option: { value: "L" } } },
            when: { answer: { value: null } },
          },
        },
      },
    };
    assert.deepEqual(formAnswers(body), { size: "L" });
    assert.deepEqual(formOrigin(body), { flow: "example", channelId: "C1" });
    assert.equal(formOrigin({ ...body, view: { ...body.view, private_metadata: "not json" } }), undefined);
  });
});
