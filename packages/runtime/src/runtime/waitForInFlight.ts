/** Waits for the calls in flight through live references to finish, within a deadline. */
import { DOMAINS, type Oneiric } from '@oneiric/core';

/**
 * Calls in flight through the application's live references, over every key of every domain.
 * @category Runtime
 */
export function countInFlight(app: Oneiric): number {
  let total = 0;
  for (const domain of DOMAINS) {
    for (const key of app.keys(domain)) {
      total += app.inFlight(domain, key);
    }
  }
  return total;
}

/**
 * Resolves when no call is in flight, or when `timeoutMs` has passed.
 * @returns the calls still in flight (0 when everything finished in time)
 * @category Runtime
 */
export async function waitForInFlight(app: Oneiric, timeoutMs: number, pollMs = 10): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let remaining = countInFlight(app);
  while (remaining > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
    remaining = countInFlight(app);
  }
  return remaining;
}
