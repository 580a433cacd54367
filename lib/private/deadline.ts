/**
 * A bound on how long the CLI's reads of the tenant may take, whatever Graph's `Retry-After` asks:
 * a nightly job fails with a clear message instead of hanging.
 */

/** Runs `work`, or rejects once `ms` have passed, saying what did not finish. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s (Graph throttling, or a slow network); try again later, or raise --timeout`)), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
