/** Validation decorator: an array whose items are capability names or descriptors with a name. */
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Accepts an array of non-empty strings and of objects with a non-empty string `name`.
 * @category Models
 */
export function IsCapabilityList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isCapabilityList',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.every((item: unknown) => (typeof item === 'string' && item !== '')
        || (typeof item === 'object' && item !== null && !Array.isArray(item) && typeof (item as { name?: unknown }).name === 'string' && (item as { name: string }).name !== '')),
      defaultMessage: () => 'capabilities must be an array of names or of descriptors with a name',
    },
  }, options);
}
