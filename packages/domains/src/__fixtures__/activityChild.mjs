// A second process for the cross-process tests: acts on the activity file only through the BUILT package.
import { ActivityStore } from '../../dist/index.js';

const [command, cacheDir, domain, key, note] = process.argv.slice(2);
const store = new ActivityStore({ cacheDir });
await store.load();
if (command === 'pause') {
  await store.setPaused(domain, key, true, note);
} else if (command === 'resume') {
  await store.setPaused(domain, key, false, null);
} else if (command === 'drain') {
  await store.setDraining(domain, key, true, note);
}
process.stdout.write(`${JSON.stringify(store.get(domain, key) ?? null)}\n`);
