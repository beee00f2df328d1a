// Time comes from a clock so tests can move it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The system clock moved forward by `seconds` (TALKOOT_CLOCK_OFFSET_SECONDS; 0 is the system clock). */
export function offsetClock(seconds: number): Clock {
  if (seconds === 0) return systemClock;
  const offsetMs = seconds * 1000;
  return { now: () => new Date(Date.now() + offsetMs) };
}

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = "2026-12-01T08:00:00Z") {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
