// The error for a malformed invocation: it maps to exit code 2, unlike every Oneiric failure.
import { ExitCode } from './exitCode.js';

/** Why the invocation was rejected. */
export type UsageErrorKind =
  | 'unknownCommand'
  | 'unknownOption'
  | 'missingArgument'
  | 'invalidArgument'
  | 'excessArguments'
  | 'missingCommand'
  | 'invalidDomain'
  | 'versionAfterCommand';

/**
 * The command line is wrong (as opposed to the providers or the configuration): exit code 2.
 * Shaped like `OneiricError` (`family`, `kind`, `context`, `toJSON()`) so `--json` error output
 * has one format whatever failed.
 */
export class UsageError extends Error {
  /** Always `UsageError`. */
  public readonly family = 'UsageError';
  /** Exit code this error maps to. */
  public readonly exitCode = ExitCode.usage;

  /**
   * @param kind - why the invocation was rejected
   * @param message - one line, naming the offending option, value or module
   * @param context - the offending values, by name (`domain`, `module`, ...)
   */
  public constructor(
    public readonly kind: UsageErrorKind,
    message: string,
    public readonly context: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'UsageError';
  }

  /** The same shape as `OneiricError.toJSON()`. */
  public toJSON(): { name: string; family: string; kind: string; message: string; context: Readonly<Record<string, string>> } {
    return { name: this.name, family: this.family, kind: this.kind, message: this.message, context: this.context };
  }
}
