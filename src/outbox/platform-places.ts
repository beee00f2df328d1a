// The outbox dispatcher's places, counted per platform: each platform has
// places of its own, so a platform whose sends wait long (Telegram's 429s
// are waited out inside the send, up to a minute) never holds up another's
// (issue 16: a routed burst's Slack cards waited 20 s behind Telegram
// receipts). The dispatcher claims rows for each platform with room, up to
// its free places.
//
// A platform whose last claim found fewer rows than it had room for is
// drained: it is not claimed for again until something may have fallen due
// for it (a wake-up, or one of its rows finished, which may free its chat's
// next row), so an idle platform costs no claim per message of a busy one.
// Rows of a platform no adapter serves (a platform since removed) are
// claimed as "others", at the start and then once a minute (a wake-up
// with `others`), so they still end as dead letters instead of waiting
// forever, at no cost per message.

/** The rows of platforms outside the list. */
export const OTHER_PLATFORMS = "*";

export interface PlaceClaim {
  /** The platform to claim for, or OTHER_PLATFORMS. */
  platform: string;
  limit: number;
}

export class PlatformPlaces {
  private readonly taken = new Map<string, number>();
  private readonly drained = new Set<string>();
  /** Rows finished per platform, and wake-ups: what may have made a row due since a claim began. */
  private readonly finishedRows = new Map<string, number>();
  private wakes = 0;

  constructor(
    /** Places each platform has. */
    private readonly perPlatform: number,
    /** Free places that make a platform worth claiming for again while its other rows are being sent. */
    private readonly reclaimAt: number,
  ) {}

  free(platform: string): number {
    return this.perPlatform - (this.taken.get(platform) ?? 0);
  }

  /** A claimed row of `platform` (listed: its own; else OTHER_PLATFORMS) is being sent. */
  take(platform: string): void {
    this.taken.set(platform, (this.taken.get(platform) ?? 0) + 1);
  }

  /** A row of `platform` finished: a place is free, and its chat's next row may be due. */
  release(platform: string): void {
    const count = (this.taken.get(platform) ?? 1) - 1;
    if (count > 0) this.taken.set(platform, count);
    else this.taken.delete(platform);
    this.finishedRows.set(platform, (this.finishedRows.get(platform) ?? 0) + 1);
    this.drained.delete(platform);
  }

  /** Taken before a claim, for markDrained. */
  stamp(platform: string): number {
    return (this.finishedRows.get(platform) ?? 0) + this.wakes;
  }

  /**
   * A claim for `platform` found fewer rows than asked: none is due now, unless
   * one of its rows finished or a wake-up came while the claim ran (`stamp`: taken before it).
   */
  markDrained(platform: string, stamp: number): void {
    if (this.stamp(platform) === stamp) this.drained.add(platform);
  }

  /** Something may be due for every listed platform (a row enqueued, one fell due); `others`: for the others too. */
  wake(others: boolean): void {
    this.wakes++;
    const othersDrained = this.drained.has(OTHER_PLATFORMS);
    this.drained.clear();
    if (othersDrained && !others) this.drained.add(OTHER_PLATFORMS);
  }

  /** The claims to make now: each listed platform not skipped nor drained with a free place, then the others. */
  claims(platforms: readonly string[], skip: ReadonlySet<string>): PlaceClaim[] {
    const claims: PlaceClaim[] = [];
    for (const platform of [...platforms, OTHER_PLATFORMS]) {
      const limit = this.free(platform);
      if (limit > 0 && !skip.has(platform) && !this.drained.has(platform)) claims.push({ platform, limit });
    }
    return claims;
  }

  /** Whether a listed platform (with none listed, the others) has a free place: a row just enqueued may be its. */
  anyFree(platforms: readonly string[]): boolean {
    return (platforms.length > 0 ? platforms : [OTHER_PLATFORMS]).some((platform) => this.free(platform) > 0);
  }

  /** Whether a platform not drained has enough free places to claim for again. */
  anyReclaimable(platforms: readonly string[]): boolean {
    return [...platforms, OTHER_PLATFORMS].some(
      (platform) => !this.drained.has(platform) && this.free(platform) >= this.reclaimAt,
    );
  }
}
