/** Runs a runtime as the process's main work: what `oneiric orchestrate` does. */
import { createRuntime, type CreateRuntimeOptions } from '../runtime/createRuntime.js';
import type { Runtime } from '../runtime/runtime.js';
import { installSignalHandlers, type ExitFunction } from './installSignalHandlers.js';

/**
 * Options of {@link runRuntimeProcess}.
 * @category Runtime
 */
export interface RunRuntimeProcessOptions extends CreateRuntimeOptions {
  /** How the process ends once stopped (default `process.exit`). */
  readonly exit?: ExitFunction;
}

/**
 * Builds and starts a runtime and lets SIGTERM/SIGINT stop it in order and exit 0 (a second
 * signal forces the exit). Resolves once the runtime is running, with the runtime.
 * @throws ConfigError, RuntimeError `alreadyRunning`, or why the start failed
 * @example
 * ```ts
 * await runRuntimeProcess({ config: 'settings/app.yaml', register: (app) => app.register(Mailer) });
 * ```
 * @category Runtime
 */
export async function runRuntimeProcess(options: RunRuntimeProcessOptions = {}): Promise<Runtime> {
  const runtime = await createRuntime(options);
  // Handlers before start: a signal during a slow start still stops in order.
  const uninstall = installSignalHandlers(runtime, options.exit);
  try {
    await runtime.start();
  } catch (error) {
    // Refused or failed: release what was built (logger files, meters), so the caller can exit.
    uninstall();
    await runtime.stop();
    throw error;
  }
  return runtime;
}
