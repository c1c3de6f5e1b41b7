/** `@Optional()`: a payload field that may be left out, but not sent as null (class-validator's IsOptional lets null through). */
import { ValidateIf } from 'class-validator';

/**
 * Skips the field's other validators only when it is absent. `@IsOptional()` also skips them
 * for null, which would hand `null` to code that reads "not undefined" as "given".
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_payload: object, value: unknown) => value !== undefined);
}
