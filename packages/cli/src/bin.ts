#!/usr/bin/env node
// The `oneiric` executable: hands the process's arguments and streams to the CLI and exits with its code.
import type { CliIo } from './cliIo.js';
import { runRoutedCommand } from './runRoutedCommand.js';

const argv = process.argv.slice(2);
const io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };

// A plain command for a running runtime takes the light path (no commander, no program of 40
// commands to build); everything else, and the light path's refusals, the full program.
const routedExitCode = await runRoutedCommand(argv, io);
// exitCode rather than process.exit(), so pending stdout writes to a pipe are flushed first.
process.exitCode = routedExitCode ?? await (await import('./runCli.js')).runCli(argv, io);
