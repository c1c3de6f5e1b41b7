// Declares a nested settings section: built as its class, required to be a mapping, validated inside.
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

// Both constraints share one message: `app: 3` then reads "must be a mapping" once rather than twice in two wordings.
const MAPPING = 'must be a mapping';

/**
 * Property decorator for a section such as `app` or `adapters`: class-transformer builds it as
 * `sectionClass` (keeping that class's defaults for the fields a file leaves out), and
 * class-validator rejects non-mappings and validates the section's own fields.
 * @param sectionClass - returns the section's class (a thunk, so declaration order does not matter)
 */
export function SettingsSection(sectionClass: () => new () => object): PropertyDecorator {
  const build = Type(sectionClass);
  const mustBeObject = IsObject({ message: MAPPING });
  const validateInside = ValidateNested({ message: MAPPING });
  return (target: object, propertyName: string | symbol): void => {
    build(target, propertyName);
    mustBeObject(target, propertyName);
    validateInside(target, propertyName);
  };
}
