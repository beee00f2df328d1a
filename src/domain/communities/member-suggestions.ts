// The community's members as someone types a name (`/role user:`), on every
// platform they use: each identity as the neutral mention `<@platform:id>`,
// which /role finds exactly, so an admin on Discord can name someone who is
// only on Slack or Telegram.
import type { Suggest } from "../../core/suggestions.js";
import type { Store } from "../../storage/store.js";

export function suggestMembers(store: Store): Suggest {
  return async (ctx) => {
    if (!ctx.community) return [];
    const members = await store.communities.members(ctx.community.id);
    return members.flatMap((member) =>
      member.identities.map((identity) => {
        const handle = identity.handle ? ` @${identity.handle}` : "";
        return { value: `<@${identity.id}>`, label: `${member.displayName} (${identity.platform}${handle})` };
      }),
    );
  };
}
