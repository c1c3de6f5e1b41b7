/**
 * The application the sample runtime runs: `runRuntimeProcess` builds the runtime from
 * `oneiric-runtime.yaml` and handles SIGTERM; the application itself prints one line every
 * second through its cache, so a swap shows in its own output.
 */
import { runRuntimeProcess } from '@oneiric/runtime';
import { cacheKey, LruCache, MemoryCache } from './providers.js';

const ITEMS = ['lamp', 'desk', 'book'];
const TICK_MS = 1_000;

const runtime = await runRuntimeProcess({
  config: 'oneiric-runtime.yaml',
  register: (app) => {
    app.register(LruCache, MemoryCache);
  },
});

// A live reference: after a swap the same reference reaches the new provider.
const cache = runtime.app.use(cacheKey);
let tick = 0;
const timer = setInterval(() => {
  const item = ITEMS[tick % ITEMS.length] ?? 'lamp';
  tick += 1;
  cache.priceOf(item).then(
    ({ price, hit }) => console.log(`${new Date().toISOString()} ${item}: ${price} EUR (cache: ${cache.providerName}, ${hit ? 'hit' : 'miss'})`),
    (error: unknown) => console.log(`${new Date().toISOString()} ${item}: refused (${(error as { kind?: string }).kind ?? String(error)})`),
  );
}, TICK_MS);
// The runtime decides when the process ends (SIGTERM, `oneiric stop`); the ticker must not hold it.
timer.unref();
