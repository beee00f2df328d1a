// An object's id as people type it after a command or a button carries it:
// "12" or "#12" (as cards show it). Pure.
import { UserError } from "./errors.js";
import { clip } from "./text.js";

/** 12 for "12" or "#12"; undefined for anything else. */
export function parseId(raw: string): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(raw.trim());
  return match ? Number.parseInt(match[1]!, 10) : undefined;
}

/** The id typed as a command's argument, or a localised refusal (`errorKey`) quoting what was typed. */
export function idArgument(raw: string, errorKey: string): number {
  const id = parseId(raw);
  if (id === undefined) throw new UserError(errorKey, { input: clip(raw, 20) });
  return id;
}
