// Which communities' objects (tasks, polls, requests) a reader reaches from
// where they write: in a community's chat, that community's only; outside
// one (a direct chat, where a personal notice's button is pressed), those of
// every community they belong to. Another community's object reads as
// missing, never as forbidden, so an id tells nothing about what exists
// elsewhere.

/** The communities a reader reaches: the chat's, or outside one, their own (`memberships`, asked only then). */
export async function communitiesInReach(
  community: { id: string } | undefined,
  memberships: () => Promise<readonly string[]>,
): Promise<readonly string[]> {
  return community ? [community.id] : memberships();
}

export interface ReachableLookup<T> {
  /** The object by its id, in whichever community it is. */
  find(): Promise<T | undefined>;
  communityOf(found: T): string;
  /** The reader's communities; asked only outside a community's chat, and only when the object exists. */
  memberships(): Promise<readonly string[]>;
}

/** The object, if it is in the reader's reach (see above). */
export async function findInReach<T>(
  community: { id: string } | undefined,
  lookup: ReachableLookup<T>,
): Promise<T | undefined> {
  const found = await lookup.find();
  if (found === undefined) return undefined;
  const reachable = await communitiesInReach(community, lookup.memberships);
  return reachable.includes(lookup.communityOf(found)) ? found : undefined;
}
