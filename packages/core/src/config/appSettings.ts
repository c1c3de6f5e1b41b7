// The `app` section of the settings: who the application is and which environment it runs in.
import { IsBoolean, IsNotEmpty, IsString } from 'class-validator';
import { CoerceBoolean } from './coerceBoolean.js';

// Both decorators share the message so a bad value gets one complaint, not two.
const NON_EMPTY_STRING = 'must be a non-empty string';

/**
 * Identity of the application using Oneiric.
 * @category Configuration
 */
export class AppSettings {
  /** Application name, used in logs and telemetry. */
  @IsString({ message: NON_EMPTY_STRING })
  @IsNotEmpty({ message: NON_EMPTY_STRING })
  public name = 'oneiric';

  /** Free-form environment name (`development`, `production`, ...). */
  @IsString({ message: NON_EMPTY_STRING })
  @IsNotEmpty({ message: NON_EMPTY_STRING })
  public environment = 'development';

  /** Debug mode; accepts `"true"`, `"false"`, `"1"` and `"0"` from the environment. */
  @CoerceBoolean()
  @IsBoolean({ message: 'must be true or false' })
  public debug = false;
}
