#!/usr/bin/env node
// The `oneiric` command: a committed launcher, so npm links the binary at install time, before
// the TypeScript build exists; it runs the compiled CLI.
import { statSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);

function modifiedMs(url) {
  try {
    return statSync(url).mtimeMs;
  } catch {
    return undefined;
  }
}

// dist/oneiric.bundle.js (scripts/bundle.mjs) is the same CLI as dist/bin.js in one module, which
// starts faster. It is used only while no build is newer than it: a `tsc --build` after the
// bundle (its build info, which a published package does not ship, is then newer) would
// otherwise run old code.
const bundledAt = modifiedMs(new URL('oneiric.bundle.js', dist));
const builtAt = Math.max(
  modifiedMs(new URL('.tsbuildinfo', dist)) ?? 0,
  modifiedMs(new URL('../../runtime/dist/.tsbuildinfo', dist)) ?? 0,
);
const entry = bundledAt !== undefined && bundledAt >= builtAt ? 'oneiric.bundle.js' : 'bin.js';
if (entry === 'bin.js' && modifiedMs(new URL('bin.js', dist)) === undefined) {
  process.stderr.write('oneiric: the CLI is not built yet; run `npm run build` at the repository root first\n');
  process.exit(1);
}
await import(new URL(entry, dist).href);
