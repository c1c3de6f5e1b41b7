#!/usr/bin/env node
// The `oneiric` command: a committed launcher, so npm links the binary at install time, before
// the TypeScript build exists; it runs the compiled CLI.
import { access } from 'node:fs/promises';

const compiled = new URL('../dist/bin.js', import.meta.url);
try {
  await access(compiled);
} catch {
  process.stderr.write('oneiric: the CLI is not built yet; run `npm run build` at the repository root first\n');
  process.exit(1);
}
await import(compiled.href);
