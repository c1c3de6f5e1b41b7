// The CLI's own failures (exit 1): no runtime for a live command, a missing input file, nothing to resume...
import { ExitCode } from './exitCode.js';

/** Why a command failed, when the failure is the CLI's own rather than an Oneiric error. */
export type CommandErrorKind =
  /** A command that changes live state found no runtime for the cache directory (and no `--local`). */
  | 'noRuntime'
  /** An input file named on the command line does not exist. */
  | 'fileNotFound'
  /** `workflow run --resume` found no checkpointed run to continue. */
  | 'nothingToResume'
  /** `start` gave up waiting for the runtime to answer, or the runtime exited first. */
  | 'runtimeNotReady'
  /** `stop` could not end the runtime. */
  | 'runtimeStillRunning'
  /** `start` found a runtime already running for the cache directory. */
  | 'runtimeAlreadyRunning'
  /** The command needs a runtime (`plugins`, `secrets rotate`) and there is no in-process equivalent. */
  | 'runtimeOnly'
  /** `fleet rollout` stopped following a rollout still running after `--timeout` (the rollout goes on). */
  | 'followTimeout';

/**
 * A failure of the command itself (exit 1). Shaped like `OneiricError` (`family`, `kind`,
 * `context`, `toJSON()`) so `--json` error output has one format whatever failed. Defined here
 * rather than taken from core so the CLI can report it without loading core.
 */
export class CommandError extends Error {
  /** Always `CommandError`. */
  public readonly family = 'CommandError';
  /** Exit code this error maps to. */
  public readonly exitCode = ExitCode.failure;

  /**
   * @param kind - why the command failed
   * @param message - one line, saying what to do about it
   * @param context - the values involved, by name (`cacheDir`, `file`, ...)
   */
  public constructor(
    public readonly kind: CommandErrorKind,
    message: string,
    public readonly context: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'CommandError';
  }

  /** The same shape as `OneiricError.toJSON()`. */
  public toJSON(): { name: string; family: string; kind: string; message: string; context: Readonly<Record<string, string>> } {
    return { name: this.name, family: this.family, kind: this.kind, message: this.message, context: this.context };
  }
}
