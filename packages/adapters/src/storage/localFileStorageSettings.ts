/** Settings of the local filesystem storage (`adapters.provider_settings.local`). */
import { IsString, MinLength } from 'class-validator';

/**
 * Where {@link LocalFileStorage} keeps its objects.
 * @category Storage
 */
export class LocalFileStorageSettings {
  /** Root directory (created when missing); a relative path is taken from the process's cwd. */
  @IsString() @MinLength(1)
  public root = 'storage';
}
