#!/usr/bin/env node
// The `oneiric` command: a committed launcher, so npm links the binary at install time, before
// the TypeScript build exists; it runs the compiled CLI. CommonJS (bin/package.json says so): a
// command answered by the bundle then never starts Node's ES module loader.
'use strict';
const { statSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = path.join(__dirname, '..', 'dist');

function modifiedMs(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

// dist/oneiric.bundle.cjs (scripts/bundle.mjs) is the same CLI as dist/bin.js in one module, which
// starts faster. It is used only while no build is newer than it: a `tsc --build` after the
// bundle (its build info, which a published package does not ship, is then newer) would
// otherwise run old code.
const bundle = path.join(dist, 'oneiric.bundle.cjs');
const bundledAt = modifiedMs(bundle);
const builtAt = Math.max(
  modifiedMs(path.join(dist, '.tsbuildinfo')) ?? 0,
  modifiedMs(path.join(dist, '..', '..', 'runtime', 'dist', '.tsbuildinfo')) ?? 0,
);
if (bundledAt !== undefined && bundledAt >= builtAt) {
  require(bundle);
} else if (modifiedMs(path.join(dist, 'bin.js')) === undefined) {
  process.stderr.write('oneiric: the CLI is not built yet; run `npm run build` at the repository root first\n');
  process.exitCode = 1;
} else {
  // A failure to load is left unhandled: Node reports it and exits 1.
  void import(pathToFileURL(path.join(dist, 'bin.js')).href);
}
