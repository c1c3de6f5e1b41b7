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
} else if (command === 'pause-many') {
  // `key` is a prefix and `note` a count: pauses <prefix>-0 .. <prefix>-(count-1), one change each.
  for (let index = 0; index < Number(note); index += 1) {
    await store.setPaused(domain, `${key}-${index}`, true);
  }
  process.stdout.write(`${JSON.stringify(store.list().length)}\n`);
  process.exit(0);
}
process.stdout.write(`${JSON.stringify(store.get(domain, key) ?? null)}\n`);
