// Bundles the CLI's start (dist/bin.js, the light path of routed commands and the runtime's
// control client) into dist/oneiric.bundle.js: one module for Node to load instead of about
// twenty, which is most of what separates `oneiric status` from a bare `node -e 0`. The full
// program (./runCli.js) and every package other than @oneiric/runtime/client stay outside,
// loaded from dist and node_modules as before. Run after `tsc --build` (the root `build` does);
// bin/oneiric.js uses the bundle only while no build is newer than it.
import { rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** Keeps bare imports (packages) and the full program outside the bundle, except the control client. */
const outside = {
  name: 'oneiric-outside',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]|^\.\/runCli\.js$/ }, (args) => (
      args.path === '@oneiric/runtime/client' ? undefined : { path: args.path, external: true }
    ));
  },
};

const outfile = `${dist}oneiric.bundle.js`;
const { outputFiles } = await build({
  entryPoints: [`${dist}bin.js`],
  outfile,
  write: false,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  plugins: [outside],
  logLevel: 'warning',
});

// Written beside and renamed over, so a process starting meanwhile never loads half a bundle.
const temporary = `${outfile}.${process.pid}.tmp`;
await writeFile(temporary, outputFiles[0].contents, { mode: 0o644 });
await rename(temporary, outfile);
