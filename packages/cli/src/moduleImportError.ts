// The error for an --import module that cannot be found or throws while loading: exit code 1.
import { ExitCode } from './exitCode.js';

/** Why a module could not be imported. */
export type ModuleImportErrorKind = 'moduleNotFound' | 'moduleFailed' | 'invalidModule';

/**
 * A `--import` module could not be resolved, threw while being evaluated, or breaks the import
 * contract (`invalidModule`: neither `register` nor `providers`, or either of the wrong type).
 * It is a failure (exit 1) rather than a usage error: the invocation may be right and the module
 * broken or not built yet, as the help's exit codes say. The original error is kept as `cause` (its stack is shown with `ONEIRIC_DEBUG=1`).
 */
export class ModuleImportError extends Error {
  /** Always `ImportError`. */
  public readonly family = 'ImportError';
  /** Exit code this error maps to. */
  public readonly exitCode = ExitCode.failure;

  /**
   * @param kind - not found, found but failed to load, or loaded but offering nothing usable
   * @param message - one line naming the module
   * @param context - `module` (as given) and, when resolved, `resolved` (the path or URL)
   * @param cause - the underlying resolution or evaluation error
   */
  public constructor(
    public readonly kind: ModuleImportErrorKind,
    message: string,
    public readonly context: Readonly<Record<string, string>>,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ModuleImportError';
  }

  /** The same shape as `OneiricError.toJSON()`. */
  public toJSON(): { name: string; family: string; kind: string; message: string; context: Readonly<Record<string, string>> } {
    return { name: this.name, family: this.family, kind: this.kind, message: this.message, context: this.context };
  }
}
