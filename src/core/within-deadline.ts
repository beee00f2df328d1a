// Timers that never keep the process waiting longer than asked (shared by the adapters).

/** The value of `promise` if it settles within `ms`, else `undefined`; the timer never outlives it. */
export async function withinDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
