/** SIGTERM and SIGINT stop a runtime in order; a second signal forces the exit. */
import type { Runtime } from '../runtime/runtime.js';

/**
 * How the process ends (process.exit, or a stand-in in tests).
 * @category Runtime
 */
export type ExitFunction = (code: number) => void;

/**
 * Exit code of a forced exit (second signal) and of a stop that failed.
 * @category Runtime
 */
export const FORCED_EXIT_CODE = 1;

/**
 * On the first SIGTERM or SIGINT, stops the runtime and exits 0 (1 when the stop failed); on a
 * second one, removes the PID record and socket and exits at once.
 * @returns a function that removes the handlers
 * @category Runtime
 */
export function installSignalHandlers(runtime: Runtime, exit: ExitFunction = (code) => process.exit(code)): () => void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      runtime.logger.error('second signal: exiting without waiting for the stop to finish', { signal });
      runtime.abandon();
      exit(FORCED_EXIT_CODE);
      return;
    }
    signalled = true;
    runtime.logger.info('signal received: stopping', { signal });
    runtime.stop().then(
      () => exit(0),
      (error: unknown) => {
        process.stderr.write(`oneiric runtime: stop failed: ${String(error)}\n`);
        exit(FORCED_EXIT_CODE);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
