// /mydata where the platform cannot take files: the export comes as numbered
// parts in the direct chat, each within the platform's limit, and together
// they are the whole document.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTestApp, type TestApp } from "../../support/test-app.js";

forEachDatabase("/mydata without files", (getDatabase) => {
  const nf = new MemoryAdapter("nf", { files: false, maxTextLength: 1000 });
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(getDatabase().url, { adapters: [nf], console: false });
    await nf.command("kallio", "ann", "/setup community Kallio", { admin: true });
    for (const title of ["First", "Second", "Third"]) await nf.command("kallio", "ann", `/poll "${title}?" "Yes" "No"`);
  });
  afterAll(() => app.close());

  it("sends numbered code blocks that together parse as the export", async () => {
    await nf.command("dm:ann", "ann", "/mydata");
    const parts = nf.messagesIn("dm:ann").map((m) => m.message);
    assert.ok(parts.length > 1, "more than one part");
    parts.forEach((part, index) => {
      assert.equal(part.text, `Your data (JSON, format talkoot.mydata/1), part ${index + 1} of ${parts.length}:`);
      assert.equal(part.attachment, undefined);
      assert.ok((part.code ?? "").length <= 500, "within the limit");
    });
    const exported = JSON.parse(parts.map((p) => p.code).join("\n"));
    assert.equal(exported.format, "talkoot.mydata/1");
    assert.equal(exported.polls.pollsCreated.length, 3);
  });
});
