/** The most events in any window of `windowMs` (times sorted ascending): a platform's pace checked from outside. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
