// Validates a timeout in milliseconds: a positive integer that Node.js timers can actually wait for.
import { ValidateBy, type ValidationArguments } from 'class-validator';

// setTimeout stores delays as a signed 32-bit int: anything longer fires after 1 ms instead, silently turning "wait long" into "fail now".
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Property decorator: the value must be an integer from 1 to 2147483647 (the longest delay a
 * Node.js timer supports). One constraint with one message, so an error reads
 * "must be a positive integer" rather than a list of every rule a string breaks.
 */
export function IsTimeoutMs(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeoutMs',
      validator: {
        validate: (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= LONGEST_TIMER_MS,
      },
    },
    {
      message: (args: ValidationArguments): string => (
        Number.isSafeInteger(args.value) && (args.value as number) > LONGEST_TIMER_MS
          ? `must be at most ${LONGEST_TIMER_MS} (the longest delay a Node.js timer supports)`
          : 'must be a positive integer'
      ),
    },
  );
}
