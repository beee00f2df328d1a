// Reading a command's bound flags by kind, for handlers: a flag given with
// a value of another kind reads as absent (the binder has already refused
// a wrong value, so that only happens when a handler asks the wrong kind).
import type { FlagValues } from "./arguments.js";

export function text(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

export function integer(flags: FlagValues, name: string): number | undefined {
  const value = flags[name];
  return typeof value === "number" ? value : undefined;
}

/** A boolean flag: set or not. */
export function flag(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}
