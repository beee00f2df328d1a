// Which community a personal command in a direct chat is about. A direct chat
// belongs to no community, so `/task list mine` there means the person's only
// community, or the one named with `--community <name>`; with several and
// none named, the person is asked which. Pure.
import type { Token } from "./command-line.js";
import { UserError } from "./errors.js";
import { clip } from "./text.js";

export interface Membership<C extends { name: string }> {
  community: C;
}

export interface DirectCommunityChoice<C extends { name: string }> {
  membership: Membership<C>;
  /** The command's tokens without `--community <name>`. */
  tokens: Token[];
}

/** Picks the community; throws a localised line when there is none, several, or no such one. */
export function chooseDirectCommunity<C extends { name: string }>(
  tokens: Token[],
  memberships: Membership<C>[],
): DirectCommunityChoice<C> {
  const { named, rest } = takeCommunityFlag(tokens);
  const names = memberships.map((m) => m.community.name).join(", ");
  if (memberships.length === 0) throw new UserError("core:errors.directNoCommunity");
  if (named === undefined) {
    if (memberships.length === 1) return { membership: memberships[0]!, tokens: rest };
    throw new UserError("core:errors.directWhichCommunity", { names, example: memberships[0]!.community.name });
  }
  const wanted = named.trim().toLowerCase();
  const exact = memberships.filter((m) => m.community.name.toLowerCase() === wanted);
  const prefixed = memberships.filter((m) => m.community.name.toLowerCase().startsWith(wanted));
  const found = exact.length === 1 ? exact : prefixed;
  if (wanted && found.length === 1) return { membership: found[0]!, tokens: rest };
  throw new UserError("core:errors.directUnknownCommunity", { name: clip(named, 40), names });
}

/** `--community Kallio` or `--community=Kallio`, anywhere in the line. */
function takeCommunityFlag(tokens: Token[]): { named: string | undefined; rest: Token[] } {
  const rest: Token[] = [];
  let named: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const text = token.text.toLowerCase();
    if (!token.quoted && text === "--community" && tokens[i + 1]) {
      named = tokens[i + 1]!.text;
      i++;
    } else if (!token.quoted && text.startsWith("--community=")) {
      named = token.text.slice("--community=".length);
    } else {
      rest.push(token);
    }
  }
  return { named, rest };
}
