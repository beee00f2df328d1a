// node-cron expressions for "every N seconds". Cron steps restart at each
// minute (or hour), so only periods that divide it evenly tick at a steady
// pace; anything else is refused rather than silently made irregular.

/** A six-field (seconds first) expression firing every `seconds` seconds. */
export function everySecondsExpression(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new Error(`tick period must be a positive whole number of seconds, got ${seconds}`);
  }
  if (seconds < 60) {
    if (60 % seconds !== 0) throw new Error(`tick period ${seconds}s does not divide a minute evenly`);
    return seconds === 1 ? "* * * * * *" : `*/${seconds} * * * * *`;
  }
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) {
    return minutes === 1 ? "0 * * * * *" : `0 */${minutes} * * * *`;
  }
  throw new Error(`tick period ${seconds}s must divide a minute or an hour evenly`);
}
