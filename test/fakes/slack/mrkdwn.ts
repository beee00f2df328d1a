// Slack mrkdwn control sequences (<@U1>, <#C1|name>, <!here>, <url|label>),
// so tests can ask what a message would show and whom it would notify.
// Slack only turns text into a notification through these sequences, unless
// the message was sent with link_names=true or parse=full, when bare
// "@channel", "@here", "@everyone" and "@username" notify too.

import type { JsonObject } from "./types.js";

export type Broadcast = "here" | "channel" | "everyone";

export interface Pings {
  users: string[];
  broadcasts: Broadcast[];
  usergroups: string[];
}

export interface MrkdwnLookup {
  userName?: (id: string) => string | undefined;
  channelName?: (id: string) => string | undefined;
  /** For link_names: a username or display name to a user id. */
  userIdByName?: (name: string) => string | undefined;
}

const CONTROL = /<([^<>]+)>/g;

function unescapeEntities(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function addUnique<T>(list: T[], v: T): void {
  if (!list.includes(v)) list.push(v);
}

/** Who a piece of mrkdwn notifies when Slack delivers it. */
export function pingsIn(text: string, opts: { linkNames?: boolean; lookup?: MrkdwnLookup } = {}): Pings {
  const out: Pings = { users: [], broadcasts: [], usergroups: [] };
  for (const m of text.matchAll(CONTROL)) {
    const inner = m[1] ?? "";
    const [target = ""] = inner.split("|");
    if (target.startsWith("@U") || target.startsWith("@W")) addUnique(out.users, target.slice(1));
    else if (target === "!here") addUnique(out.broadcasts, "here");
    else if (target === "!channel") addUnique(out.broadcasts, "channel");
    else if (target === "!everyone") addUnique(out.broadcasts, "everyone");
    else if (target.startsWith("!subteam^")) addUnique(out.usergroups, target.slice("!subteam^".length));
  }
  if (opts.linkNames) {
    // Outside control sequences only: "<mailto:a@b>" is not a mention.
    const bare = text.replace(CONTROL, " ");
    for (const m of bare.matchAll(/(^|[^\w@])@([\w.-]+)/g)) {
      const name = m[2] ?? "";
      if (name === "here" || name === "channel" || name === "everyone") addUnique(out.broadcasts, name);
      else {
        const id = opts.lookup?.userIdByName?.(name);
        if (id) addUnique(out.users, id);
      }
    }
  }
  return out;
}

/** The text a person would read: mentions resolved, links shown by label. */
export function renderPlain(text: string, lookup: MrkdwnLookup = {}): string {
  const rendered = text.replace(CONTROL, (_all, inner: string) => {
    const bar = inner.indexOf("|");
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : undefined;
    if (target.startsWith("@")) {
      const id = target.slice(1);
      return `@${label ?? lookup.userName?.(id) ?? id}`;
    }
    if (target.startsWith("#")) {
      const id = target.slice(1);
      return `#${label ?? lookup.channelName?.(id) ?? id}`;
    }
    if (target.startsWith("!subteam^")) return label ?? `@${target.slice("!subteam^".length)}`;
    if (target.startsWith("!date^")) return label ?? "";
    if (target.startsWith("!")) return `@${target.slice(1)}`;
    return label ?? target.replace(/^mailto:/, "");
  });
  return unescapeEntities(rendered);
}

/**
 * The rich_text block Slack attaches to a message a person typed, so events
 * built by the fake look like the ones real clients produce.
 */
export function richTextFromTyped(text: string, blockId: string): JsonObject {
  const elements: JsonObject[] = [];
  let last = 0;
  for (const m of text.matchAll(CONTROL)) {
    const idx = m.index ?? 0;
    if (idx > last) elements.push({ type: "text", text: unescapeEntities(text.slice(last, idx)) });
    const inner = m[1] ?? "";
    const [target = "", label] = inner.split("|");
    if (target.startsWith("@")) elements.push({ type: "user", user_id: target.slice(1) });
    else if (target.startsWith("#")) elements.push({ type: "channel", channel_id: target.slice(1) });
    else if (target.startsWith("!")) elements.push({ type: "broadcast", range: target.slice(1) });
    else elements.push(label ? { type: "link", url: target, text: label } : { type: "link", url: target });
    last = idx + m[0].length;
  }
  if (last < text.length) elements.push({ type: "text", text: unescapeEntities(text.slice(last)) });
  return {
    type: "rich_text",
    block_id: blockId,
    elements: [{ type: "rich_text_section", elements }],
  };
}
