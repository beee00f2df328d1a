// Ids written in plain SQL take the shape Prisma's cuid() gives its own rows.
import { expect, it } from "vitest";
import { newCuid } from "../../src/storage/cuid.js";

it("makes distinct 25-character cuids that start with the time", () => {
  const before = Date.now().toString(36);
  const ids = Array.from({ length: 1000 }, newCuid);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{24}$/);
  expect(ids[0]!.slice(1, 1 + before.length) >= before).toBe(true);
});
