/** Makes an activity store's pause and drain flags the application's admission, now and on every change. */
import { isDomain, type Oneiric } from '@oneiric/core';
import { admissionOfActivity } from '../calculations/admissionOfActivity.js';
import type { ActivityStore } from './activityStore.js';

// One connection per application and store: connecting twice must not double the listeners.
const connections = new WeakMap<Oneiric, WeakMap<ActivityStore, () => void>>();

/**
 * Applies the store's pause/drain state of every key to `app.setAdmission` (paused, or paused
 * and draining → `paused`; draining → `draining`; cleared → `open`, with the note), then every
 * change the store reports: changes made here at once (before `pause()` resolves), and changes
 * made by another process through the shared `activity.json` when the store reloads it (a
 * watched store, as {@link createDomainBridges} makes it, reloads within its polling period,
 * 500 ms by default). From then on a paused key refuses calls through its live references,
 * injected ones included, not only through the bridges. Connecting the same pair twice
 * returns the first connection.
 * @returns a function that stops applying changes (admissions already applied stay)
 * @example
 * ```ts
 * const bridges = await createDomainBridges(app, { cacheDir, connectAdmission: false });
 * const disconnect = connectActivityToAdmission(app, bridges.activity);
 * ```
 * @category Bridges and services
 */
export function connectActivityToAdmission(app: Oneiric, activity: ActivityStore): () => void {
  let ofApp = connections.get(app);
  if (ofApp === undefined) {
    ofApp = new WeakMap();
    connections.set(app, ofApp);
  }
  const existing = ofApp.get(activity);
  if (existing !== undefined) {
    return existing;
  }
  // A hand-edited file may name a domain that does not exist: nothing of it can be paused.
  for (const entry of activity.list()) {
    if (isDomain(entry.domain)) {
      app.setAdmission(entry.domain, entry.key, admissionOfActivity(entry), { note: entry.note });
    }
  }
  const unsubscribe = activity.onChange((change) => {
    if (isDomain(change.domain)) {
      app.setAdmission(change.domain, change.key, admissionOfActivity(change.state), { note: change.state.note });
    }
  });
  const disconnect = (): void => {
    unsubscribe();
    ofApp.delete(activity);
  };
  ofApp.set(activity, disconnect);
  return disconnect;
}
