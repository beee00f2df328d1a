// Settings of the requests feature that are not rows of their own: how many
// neighbours' +1s on a stale request remind its contact. The default comes
// from the composition root; a config file may set it per community (the
// file is read at every start, so the value survives restarts).

/** +1s on a stale request that remind its contact, unless configured otherwise. */
export const DEFAULT_SUPPORT_THRESHOLD = 5;
/** A request without an expected response time counts as stale after a week without a change. */
export const STALE_WITHOUT_EXPECT_MS = 7 * 24 * 3_600_000;

export class RequestSettings {
  private readonly thresholds = new Map<string, number>();

  constructor(readonly defaultSupportThreshold = DEFAULT_SUPPORT_THRESHOLD) {}

  supportThreshold(communityId: string): number {
    return this.thresholds.get(communityId) ?? this.defaultSupportThreshold;
  }

  setSupportThreshold(communityId: string, threshold: number): void {
    this.thresholds.set(communityId, threshold);
  }
}

/** How long a request may go without a change before +1s remind its contact. */
export function staleAfterMs(expectMinutes: number | null): number {
  return expectMinutes === null ? STALE_WITHOUT_EXPECT_MS : expectMinutes * 60_000;
}
