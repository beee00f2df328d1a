// Slack's wire text -> the neutral text the core parses. Slack sends typed
// text escaped (&amp; &lt; &gt;) with control sequences for mentions, channels
// and links. User mentions become the neutral <@slack:T…:U…> that /role and
// friends resolve to a member; the rest becomes what the person saw. Pure.
import { slackIdentityId } from "./ids.js";

const CONTROL = /<([^<>]*)>/g;

export function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Neutral text for a command line or a mention, in workspace `teamId`. */
export function slackToNeutral(text: string, teamId: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(CONTROL)) {
    const index = match.index ?? 0;
    out += unescapeEntities(text.slice(last, index));
    out += controlToNeutral(match[1] ?? "", teamId);
    last = index + match[0].length;
  }
  return out + unescapeEntities(text.slice(last));
}

function controlToNeutral(inner: string, teamId: string): string {
  const bar = inner.indexOf("|");
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? unescapeEntities(inner.slice(bar + 1)) : "";
  if (/^@[UW][A-Z0-9]+$/.test(target)) return `<@${slackIdentityId(teamId, target.slice(1))}>`;
  if (target.startsWith("#")) return `#${label || target.slice(1)}`;
  if (target.startsWith("!subteam^")) return label || `@${target.slice("!subteam^".length)}`;
  if (target.startsWith("!date^")) return label;
  // <!here>, <!channel>, <!everyone>: what the person typed. Echoed, the core
  // neutralises it and render.ts escapes it, so it never pings from the bot.
  if (target.startsWith("!")) return `@${target.slice(1)}`;
  if (target.startsWith("mailto:")) return target.slice("mailto:".length);
  return unescapeEntities(target);
}
