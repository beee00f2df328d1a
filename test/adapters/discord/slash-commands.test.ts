// Slash command definitions from every real command of a whole Talkoot: valid
// by Discord's rules (the fake's validator), localised, and the same list the
// router answers. Built on a throw-away SQLite app, as the register script does.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slashCommandsOf } from "../../../adapters/discord/slash-commands.js";
import { type App, buildApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { typedCommands } from "../../../src/core/typed-commands.js";
import { validateCommands } from "../../fakes/discord/commands-validate.js";
import { silentLogger } from "./support.js";

interface Option {
  name: string;
  type: number;
  required?: boolean;
  autocomplete?: boolean;
  choices?: Array<{ name: string; value: string }>;
  description: string;
  options?: Option[];
}

describe("slash command definitions", () => {
  let dir: string;
  let app: App;
  let body: ReturnType<typeof slashCommandsOf>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "talkoot-slash-"));
    app = await buildApp({
      config: loadConfig({ DATABASE_URL: `file:${join(dir, "slash.db")}`, CONSOLE: "off" }),
      logger: silentLogger(),
      timers: false,
    });
    body = slashCommandsOf(typedCommands(app.router.listCommands()), app.translator);
  });

  afterAll(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const command = (name: string) => body.find((c) => c.name === name) as unknown as { options: Option[] };
  const sub = (name: string, ...path: string[]) => {
    let options = command(name).options;
    let found: Option | undefined;
    for (const word of path) {
      found = options.find((o) => o.name === word);
      options = found?.options ?? [];
    }
    return found!;
  };

  it("passes Discord's rules for a bulk overwrite", () => {
    expect(() => validateCommands(JSON.parse(JSON.stringify(body)))).not.toThrow();
  });

  it("has every visible command once, none of the hidden plumbing", () => {
    const visible = app.router
      .listCommands()
      .filter((c) => !c.hidden)
      .map((c) => c.name);
    expect(body.map((c) => c.name)).toEqual(visible);
    expect(body.map((c) => c.name)).not.toContain("press");
  });

  it("describes every option in Finnish and Swedish from the bundles", () => {
    const title = sub("task", "add", "title") as Option & { description_localizations: Record<string, string> };
    expect(title.description).toBe("What the shift is, e.g. Sorting donations");
    expect(title.description_localizations).toEqual({
      fi: "Mikä vuoro on, esim. Lahjoitusten lajittelu",
      "sv-SE": "Vad passet är, t.ex. Sortering av donationer",
    });
  });

  it("types options, offers fixed choices, and autocompletes ids", () => {
    expect(sub("task", "add", "slots").type).toBe(4);
    expect(sub("role", "user").autocomplete).toBe(true);
    expect(sub("role", "role").choices?.map((c) => c.value)).toEqual(["member", "coordinator", "official", "admin"]);
    expect(sub("task", "join", "task").autocomplete).toBe(true);
    expect(sub("poll", "vote", "poll").autocomplete).toBe(true);
    expect(sub("request", "status", "request").autocomplete).toBe(true);
    expect(sub("request", "file", "category").autocomplete).toBe(true);
    // The photo with a request: an optional attachment option, last.
    expect(sub("request", "file", "photo")).toMatchObject({ type: 11, required: false });
    expect(sub("request", "file").options?.at(-1)?.name).toBe("photo");
    expect(sub("setup", "category", "add").type).toBe(1);
    expect(sub("setup", "category").type).toBe(2);
    expect(sub("poll", "create", "option10").required).toBe(false);
    expect(sub("poll", "create", "option2").required).toBe(true);
  });
});
