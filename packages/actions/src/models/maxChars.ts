/** `@MaxChars(n)`: a length limit on large text fields that costs O(1) (class-validator's MaxLength scans the whole string twice). */
import { ValidateBy } from 'class-validator';

/** Refuses a string longer than `limit` UTF-16 code units. */
export function MaxChars(limit: number): PropertyDecorator {
  return ValidateBy({
    name: 'maxChars',
    constraints: [limit],
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || value.length <= limit,
      defaultMessage: () => `$property must be at most ${limit} characters`,
    },
  });
}
