/** Errors raised while loading and validating layered settings. */
import { OneiricError, type OneiricErrorContext } from './oneiricError.js';

/**
 * What went wrong with configuration.
 * @category Errors
 */
export enum ConfigErrorKind {
  /** A file exists but could not be read. */
  unreadableFile = 'unreadableFile',
  /** A file is not valid YAML or JSON, or its top level is not a mapping. */
  unparsableFile = 'unparsableFile',
  /** A file given explicitly (`--config`, `ONEIRIC_CONFIG`) does not exist. */
  missingExplicitFile = 'missingExplicitFile',
  /** A field failed validation; `context.field` holds its dotted path. */
  invalidField = 'invalidField',
  /** An `ONEIRIC_*` environment variable has a value that cannot be used. */
  invalidEnvironment = 'invalidEnvironment',
}

/**
 * Bad configuration: the message names the file (or variable) and the field path.
 * @category Errors
 */
export class ConfigError extends OneiricError {
  public readonly family = 'ConfigError';

  /**
   * @param kind - what went wrong
   * @param message - one line naming the file and field
   * @param context - file and field path
   * @param cause - the underlying parser or I/O error
   */
  public constructor(
    public readonly kind: ConfigErrorKind,
    message: string,
    context: OneiricErrorContext = {},
    cause?: unknown,
  ) {
    super(message, context, { cause });
  }
}
