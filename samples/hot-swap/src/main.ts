/** Hot swap: an order service keeps answering while its inventory store is swapped under it. */
import { setTimeout as sleep } from 'node:timers/promises';
import { LifecycleError, Oneiric } from '@oneiric/core';
import { ordersKey, providers } from './providers.js';

const CONCURRENCY = 32;
const RUN_MS = 1500;

const app = new Oneiric({ timeouts: { drainTimeoutMs: 2000 } });
app.register(...providers);
app.onPostSwap(({ candidate, previous }) => {
  console.log(`  [hook] ${candidate.key} is now ${candidate.provider}${previous === undefined ? '' : ' (old instance drained and cleaned up)'}`);
});
await app.start();
const orders = app.use(ordersKey);

console.log(`Serving requests with ${CONCURRENCY} concurrent clients for ${RUN_MS} ms while swapping the store:`);
const servedBy = new Map<string, number>();
let failed = 0;
let served = 0;
const stopAt = Date.now() + RUN_MS;
const clients = Array.from({ length: CONCURRENCY }, async (_, index) => {
  const items = ['book', 'lamp', 'desk'];
  while (Date.now() < stopAt) {
    try {
      const answer = await orders.canOrder(items[index % items.length] ?? 'book');
      servedBy.set(answer.servedBy, (servedBy.get(answer.servedBy) ?? 0) + 1);
      served += 1;
    } catch (error) {
      failed += 1;
      console.log(`  request failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
});

const operator = (async () => {
  await sleep(300);
  const toReplica = await app.select('adapter', 'inventory', 'replica');
  console.log(`  swapped to replica in ${toReplica.durationMs.toFixed(1)} ms (in-flight calls on primary finished first)`);
  await sleep(300);
  try {
    await app.select('adapter', 'inventory', 'unreachable');
  } catch (error) {
    if (!(error instanceof LifecycleError)) throw error;
    const status = app.status('adapter', 'inventory');
    console.log(`  swap to unreachable refused (${error.kind}): ${error.message}`);
    console.log(`  rolled back: state=${status.state}, still live: ${status.currentProvider}`);
  }
  await sleep(300);
  const back = await app.select('adapter', 'inventory', undefined);
  console.log(`  selection cleared, precedence brings back ${back.provider} in ${back.durationMs.toFixed(1)} ms`);
})();

await Promise.all([...clients, operator]);
const status = app.status('adapter', 'inventory');
console.log(`\nServed ${served} requests, ${failed} failed.`);
console.log(`Served by: ${[...servedBy].map(([provider, count]) => `${provider} ${count}`).join(', ')}`);
console.log(`Swaps: ${status.successfulSwaps} succeeded, ${status.failedSwaps} failed; durations ${status.recentSwapDurationsMs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
console.log(`explain: ${app.explain('adapter', 'inventory').ranked.map((entry) => `${entry.provider}: ${entry.summary}`).join('; ')}`);
await app.close();
if (failed > 0) {
  process.exitCode = 1;
}
