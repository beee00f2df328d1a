// Discord's JSON error bodies: `{ code, message }`, plus a nested `errors`
// tree for 50035 Invalid Form Body whose leaves are `_errors` lists.

import type { JsonObject } from "./types.js";

export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: JsonObject,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): JsonObject {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export const unauthorized = (): DiscordError => new DiscordError(401, 0, "401: Unauthorized");
export const notFound = (): DiscordError => new DiscordError(404, 0, "404: Not Found");
export const methodNotAllowed = (): DiscordError => new DiscordError(405, 0, "405: Method Not Allowed");
export const unknownChannel = (): DiscordError => new DiscordError(404, 10003, "Unknown Channel");
export const unknownGuild = (): DiscordError => new DiscordError(404, 10004, "Unknown Guild");
export const unknownMember = (): DiscordError => new DiscordError(404, 10007, "Unknown Member");
export const unknownMessage = (): DiscordError => new DiscordError(404, 10008, "Unknown Message");
export const unknownUser = (): DiscordError => new DiscordError(404, 10013, "Unknown User");
export const unknownWebhook = (): DiscordError => new DiscordError(404, 10015, "Unknown Webhook");
export const unknownInteraction = (): DiscordError => new DiscordError(404, 10062, "Unknown interaction");
export const alreadyAcknowledged = (): DiscordError =>
  new DiscordError(400, 40060, "Interaction has already been acknowledged.");
export const missingAccess = (): DiscordError => new DiscordError(403, 50001, "Missing Access");
export const cannotEditOthers = (): DiscordError =>
  new DiscordError(403, 50005, "Cannot edit a message authored by another user");
export const emptyMessage = (): DiscordError => new DiscordError(400, 50006, "Cannot send an empty message");
export const cannotDm = (): DiscordError => new DiscordError(403, 50007, "Cannot send messages to this user");
export const missingPermissions = (): DiscordError => new DiscordError(403, 50013, "Missing Permissions");
export const invalidWebhookToken = (): DiscordError => new DiscordError(401, 50027, "Invalid Webhook Token");
export const pollExpired = (): DiscordError => new DiscordError(400, 520001, "Poll expired");
export const cannotEditPoll = (): DiscordError => new DiscordError(400, 520003, "Cannot edit a poll message");
export const notAPoll = (): DiscordError => new DiscordError(400, 520006, "Cannot expire a non-poll message");

/** Collects field errors at paths like ["embeds", 0, "title"] into Discord's tree. */
export class FormErrors {
  private readonly tree: JsonObject = {};
  private count = 0;

  add(path: readonly (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const k = String(key);
      const next = node[k];
      if (typeof next === "object" && next !== null && !Array.isArray(next)) node = next;
      else {
        const created: JsonObject = {};
        node[k] = created;
        node = created;
      }
    }
    const list = node._errors;
    const entry: JsonObject = { code, message };
    if (Array.isArray(list)) list.push(entry);
    else node._errors = [entry];
    this.count += 1;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** Throws 400 50035 Invalid Form Body when any error was added. */
  throwIfAny(): void {
    if (this.count > 0) throw new DiscordError(400, 50035, "Invalid Form Body", this.tree);
  }

  // Discord's wording for the common checks.
  maxLength(path: readonly (string | number)[], max: number): void {
    this.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
  }

  badLength(path: readonly (string | number)[], min: number, max: number): void {
    this.add(path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`);
  }

  required(path: readonly (string | number)[]): void {
    this.add(path, "BASE_TYPE_REQUIRED", "This field is required");
  }

  choices(path: readonly (string | number)[], allowed: readonly (string | number)[]): void {
    const list = allowed.map((a) => (typeof a === "string" ? `'${a}'` : String(a))).join(", ");
    this.add(path, "BASE_TYPE_CHOICES", `Value must be one of {${list}}.`);
  }
}
