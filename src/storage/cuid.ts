// Ids in the shape Prisma's @default(cuid()) gives (cuid v1: "c", the time
// in ms, a counter, a host fingerprint and randomness, base 36), for rows a
// hot path writes in plain SQL (issue 16): they sort by time like the ids
// Prisma writes beside them.
import { randomInt } from "node:crypto";
import { hostname } from "node:os";

const BASE = 36;
const BLOCK = 4;
const BLOCK_SPAN = BASE ** BLOCK;

const pad = (value: string, size: number) => value.padStart(size, "0").slice(-size);

let counter = randomInt(BLOCK_SPAN);

const fingerprint = (() => {
  const name = hostname();
  const fromName = [...name].reduce((sum, char) => sum + char.charCodeAt(0), name.length + BASE);
  return pad(process.pid.toString(BASE), 2) + pad(fromName.toString(BASE), 2);
})();

/** A new cuid (v1 shape), 25 characters. */
export function newCuid(): string {
  counter = (counter + 1) % BLOCK_SPAN;
  const random = () => pad(randomInt(BLOCK_SPAN).toString(BASE), BLOCK);
  return `c${Date.now().toString(BASE)}${pad(counter.toString(BASE), BLOCK)}${fingerprint}${random()}${random()}`;
}
