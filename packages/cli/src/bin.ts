#!/usr/bin/env node
// The `oneiric` executable: hands the process's arguments and streams to runCli and exits with its code.
import { runCli } from './runCli.js';

// exitCode rather than process.exit(), so pending stdout writes to a pipe are flushed first.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
