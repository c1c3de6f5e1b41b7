// `oneiric orchestrate`: runs the runtime in the foreground until SIGTERM or SIGINT stops it in order.
import type { CliIo } from './cliIo.js';
import type { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';
import { importProviderModule } from './importProviderModule.js';

/** Options of `orchestrate`. */
export interface OrchestrateOptions {
  /** `--profile`: wins over `ONEIRIC_PROFILE` and `profile.name`. */
  readonly profile?: string;
}

/**
 * Builds the runtime from the settings (`--config` laid over them), registers the `--import`
 * modules' providers, starts it and prints one line with its pid and socket. SIGTERM/SIGINT stop
 * it in order and end the process with exit 0 (a second signal forces, exit 1); the returned
 * promise settles only if the start fails (it then rejects with why).
 */
export async function orchestrateRuntime(globals: GlobalOptions, options: OrchestrateOptions, io: CliIo): Promise<ExitCode> {
  const { runRuntimeProcess } = await import('@oneiric/runtime');
  const runtime = await runRuntimeProcess({
    cwd: io.cwd,
    env: io.env as NodeJS.ProcessEnv,
    ...(globals.config === undefined ? {} : { config: globals.config }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    register: async (app) => {
      for (const specifier of globals.import) {
        await importProviderModule(app, specifier, io.cwd);
      }
    },
  });
  io.stdout.write(`Runtime running: pid ${process.pid}, profile ${runtime.profile}, socket ${runtime.paths.socket}\n`);
  // The signal handlers end the process; until then this command is the runtime.
  return new Promise<ExitCode>(() => undefined);
}
