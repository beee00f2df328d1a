// The language a form speaks (form-asker.ts): the person's choice, else the
// chat's, else the community's, else the platform's; and the platform's when
// the database does not answer within the budget, or fails.
import assert from "node:assert/strict";
import { it } from "vitest";
import { askerWithin, type StoredLocales } from "../../../src/domain/flows/form-asker.js";

const who = { identityId: "discord:1", chatId: "discord:g:c", platform: "discord", platformLocale: "en-US" };
const en = { platform: "discord", locale: "en-US" };
const stored = (locales: StoredLocales) => async () => locales;

it("takes the person's choice, then the chat's, then the community's, then the platform's", async () => {
  assert.deepEqual(await askerWithin(stored({ person: "fi", chat: "sv", community: "en" }), who), {
    platform: "discord",
    locale: "fi",
  });
  assert.deepEqual(await askerWithin(stored({ person: null, chat: "sv", community: "en" }), who), {
    platform: "discord",
    locale: "sv",
  });
  assert.deepEqual(await askerWithin(stored({ community: "fi" }), who), { platform: "discord", locale: "fi" });
  assert.deepEqual(await askerWithin(stored({}), who), en);
  // A stored value that is not one of ours counts as no choice.
  assert.deepEqual(await askerWithin(stored({ person: "de" }), who), en);
  assert.deepEqual(await askerWithin(stored({}), { identityId: "x", chatId: "y", platform: "slack" }), {
    platform: "slack",
  });
  // The community's timezone comes along, for checking times as the command will.
  assert.deepEqual(await askerWithin(stored({ community: "en", timezone: "Europe/Helsinki" }), who), {
    platform: "discord",
    locale: "en",
    timezone: "Europe/Helsinki",
  });
  assert.deepEqual(await askerWithin(undefined, who), en);
});

it("falls back to the platform's language when the database does not answer in time, or fails", async () => {
  const never = () => new Promise<StoredLocales>(() => {});
  assert.deepEqual(await askerWithin(never, who, 10), en);
  const failing = async (): Promise<StoredLocales> => {
    throw new Error("database down");
  };
  assert.deepEqual(await askerWithin(failing, who), en);
});
