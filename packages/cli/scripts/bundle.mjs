// Bundles the CLI's start (runOneiricProcess, the light path of routed commands and the runtime's
// control client) into dist/oneiric.bundle.cjs: one CommonJS module, so a command answered by a
// running runtime loads one file and never starts Node's ES module loader, which is most of what
// separates `oneiric status` from a bare `node -e 0`. The full program (./runCli.js, imported
// only when the light path does not apply) and every package other than @oneiric/runtime/client
// stay outside, loaded from dist and node_modules as before. Run after `tsc --build` (the root
// `build` does); bin/oneiric.js uses the bundle only while no build is newer than it.
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

const outfile = `${dist}oneiric.bundle.cjs`;
const { outputFiles } = await build({
  // A rejection is left unhandled on purpose: Node reports it and exits 1, as for the ES module entry.
  stdin: { contents: "import { runOneiricProcess } from './runOneiricProcess.js';\nvoid runOneiricProcess();\n", resolveDir: dist, sourcefile: 'oneiric-bundle-entry.js' },
  outfile,
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  // import() stays import(): the full program and js-yaml are ES modules, loaded from dist and node_modules.
  supported: { 'dynamic-import': true },
  plugins: [outside],
  logLevel: 'warning',
});

// Written beside and renamed over, so a process starting meanwhile never loads half a bundle.
const temporary = `${outfile}.${process.pid}.tmp`;
await writeFile(temporary, outputFiles[0].contents, { mode: 0o644 });
await rename(temporary, outfile);
