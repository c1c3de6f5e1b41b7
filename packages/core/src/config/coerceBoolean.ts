// Turns the boolean spellings an environment variable can carry into booleans, field by field.
import { Transform } from 'class-transformer';

const SPELLINGS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
]);

/**
 * Property decorator: a string `"true"`, `"false"`, `"1"` or `"0"` (case and surrounding blanks
 * ignored) becomes the boolean it spells. Everything else is left untouched, so the field's
 * validator rejects it and the error shows the value as written.
 */
export function CoerceBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') {
      return value;
    }
    const coerced = SPELLINGS.get(value.trim().toLowerCase());
    return coerced ?? value;
  }, { toClassOnly: true });
}
