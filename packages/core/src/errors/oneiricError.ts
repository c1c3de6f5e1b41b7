/** The base of every error Oneiric throws: callers branch on `family` and `kind`, not on text. */
import { ONEIRIC_ERROR_BRAND } from './errorBrand.js';

/**
 * Where an error happened: the parts that are known are filled in.
 * @category Errors
 */
export interface OneiricErrorContext {
  /** Domain of the key involved (`adapter`, `service`, ...). */
  readonly domain?: string;
  /** Key inside the domain (`cache`). */
  readonly key?: string;
  /** Provider involved (`redis`). */
  readonly provider?: string;
  /** Name of the class whose metadata was rejected. */
  readonly className?: string;
  /** File that was being read. */
  readonly file?: string;
  /** Dotted path of the offending field (`adapters.selections.cache`). */
  readonly field?: string;
}

/**
 * Common base class of Oneiric's error families. Each family subclass narrows `kind` to its own
 * enum, so `error instanceof RegistrationError && error.kind === RegistrationErrorKind.invalidKey`
 * is the way to branch.
 * @category Errors
 */
export abstract class OneiricError extends Error {
  /**
   * Brand shared by every copy of this package loaded in a process (a `Symbol.for` key), so
   * `isOneiricError` recognises errors thrown by another copy, where `instanceof` fails.
   */
  public readonly [ONEIRIC_ERROR_BRAND] = true;
  /** The failure family, equal to the subclass name (`RegistrationError`, ...). */
  public abstract readonly family: string;
  /** The precise failure inside the family. */
  public abstract readonly kind: string;
  /** Structured context: domain, key, provider, file, field. Never holds secrets. */
  public readonly context: OneiricErrorContext;

  protected constructor(message: string, context: OneiricErrorContext, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = context;
  }

  /** A JSON-friendly view, used by the CLI's `--json` error output and by structured logs. */
  public toJSON(): { name: string; family: string; kind: string; message: string; context: OneiricErrorContext } {
    return { name: this.name, family: this.family, kind: this.kind, message: this.message, context: this.context };
  }
}

/**
 * True when `error` is an Oneiric error, also one thrown by another loaded copy of the package
 * (checked by a `Symbol.for` brand, not by `instanceof`, name or message); with `kind`, only
 * when its kind is that one.
 * @example
 * ```ts
 * try { await app.swap('adapter', 'cache', { provider: 'redis' }); }
 * catch (error) { if (isOneiricError(error, 'healthFailed')) { console.log(error.context.provider); } }
 * ```
 * @category Errors
 */
export function isOneiricError(error: unknown, kind?: string): error is OneiricError {
  if (typeof error !== 'object' || error === null || (error as Record<symbol, unknown>)[ONEIRIC_ERROR_BRAND] !== true) {
    return false;
  }
  return kind === undefined || (error as { kind?: unknown }).kind === kind;
}
