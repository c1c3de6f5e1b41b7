// One run of the `oneiric` executable: this process's arguments and streams, the light path or the full program, the exit code.
import type { CliIo } from './cliIo.js';
import { runRoutedCommand } from './runRoutedCommand.js';

/**
 * Runs the command of this process (`process.argv`): a plain command for a running runtime takes
 * the light path (no commander, no program of 40 commands to build); everything else, and the
 * light path's refusals, the full program. Sets `process.exitCode` rather than calling
 * `process.exit()`, so pending stdout writes to a pipe are flushed first.
 */
export async function runOneiricProcess(): Promise<void> {
  const argv = process.argv.slice(2);
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
  const routedExitCode = await runRoutedCommand(argv, io);
  process.exitCode = routedExitCode ?? await (await import('./runCli.js')).runCli(argv, io);
}
