/** Settings of the file secret store (`adapters.provider_settings.file`). */
import { IsString, MinLength } from 'class-validator';

/**
 * Where {@link FileSecrets} keeps one file per secret.
 * @category Secrets
 */
export class FileSecretsSettings {
  /** Directory of the secret files (created with mode 0700 when missing). */
  @IsString() @MinLength(1)
  public directory = 'secrets';
}
