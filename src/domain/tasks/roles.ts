// Roles within a shift: `--roles "driver:2, sorter:4"`. Each role has its own
// slots and wait-list (the line rules of waitlist.ts run per role); the
// task's capacity is their sum, so lists and calendars count the whole shift.
// Pure.
import { UserError } from "../../core/errors.js";
import { characterCount, oneLine } from "../../core/text.js";
import { checkSlots } from "./limits.js";

export interface RoleDraft {
  name: string;
  capacity: number;
}

/** A role as stored: its id is what a Join button carries. */
export interface TaskRoleRecord extends RoleDraft {
  id: number;
}

/** Roles per shift: one Join button each must fit a card on a phone. */
export const MAX_ROLES = 6;
const NAME_MAX = 40;

export function parseRoles(raw: string): RoleDraft[] {
  const roles = raw
    .split(",")
    .filter((part) => part.trim() !== "")
    .map((part): RoleDraft => {
      const match = /^(.+?)\s*:\s*(\d+)$/.exec(oneLine(part));
      const name = match?.[1]?.trim() ?? "";
      if (!match || name === "" || characterCount(name) > NAME_MAX) {
        throw new UserError("tasks:errors.badRoles", { input: oneLine(part), max: NAME_MAX });
      }
      return { name, capacity: checkSlots(Number(match[2])) };
    });
  if (roles.length === 0 || roles.length > MAX_ROLES) {
    throw new UserError("tasks:errors.roleCount", { max: MAX_ROLES });
  }
  const names = roles.map((r) => r.name.toLowerCase());
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new UserError("tasks:errors.roleTwice", { role: twice });
  return roles;
}

export function totalCapacity(roles: readonly RoleDraft[]): number {
  return roles.reduce((sum, role) => sum + role.capacity, 0);
}

/** The role a person named, case-insensitively. */
export function findRole<R extends RoleDraft>(roles: readonly R[], name: string): R | undefined {
  const wanted = name.trim().toLowerCase();
  return roles.find((role) => role.name.toLowerCase() === wanted);
}
