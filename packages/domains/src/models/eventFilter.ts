/** One condition an event must meet for a handler to receive it. */

/**
 * A filter over a path of the envelope: `topic`, `payload.a.b`, `headers.x`, or a bare path
 * read from the payload (`a.b`). Set exactly one of `equals`, `anyOf` or `exists`; a handler's
 * filters must all match. A missing path reads as undefined.
 * @category Models
 */
export interface EventFilter {
  /** Where to read: `topic`, `payload.<path>`, `headers.<path>` or a bare payload path. */
  readonly path: string;
  /** The value must equal this (strict equality of JSON scalars). */
  readonly equals?: string | number | boolean | null;
  /** The value must equal one of these. */
  readonly anyOf?: ReadonlyArray<string | number | boolean | null>;
  /** The path must exist (true) or be absent (false). */
  readonly exists?: boolean;
}
