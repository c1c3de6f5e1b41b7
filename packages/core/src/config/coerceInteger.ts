// Turns integer strings (as environment variables carry them) into numbers, field by field.
import { Transform } from 'class-transformer';

// Digits only: Number() would also accept "", "0x1f", "1e3" and " ", which nobody means as an integer setting.
const INTEGER = /^[+-]?\d+$/;

/**
 * Property decorator: a string of decimal digits with an optional sign (surrounding blanks
 * ignored) becomes a number. Anything else, including strings beyond the safe-integer range, is
 * left untouched so the field's validator rejects it with the value as written.
 */
export function CoerceInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string' || !INTEGER.test(value.trim())) {
      return value;
    }
    const coerced = Number(value.trim());
    return Number.isSafeInteger(coerced) ? coerced : value;
  }, { toClassOnly: true });
}
