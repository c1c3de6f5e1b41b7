/** Settings of the environment secret store (`adapters.provider_settings.env`). */
import { IsString, Matches } from 'class-validator';

/**
 * Which environment variables {@link EnvSecrets} serves.
 * @category Secrets
 */
export class EnvSecretsSettings {
  /** Prefix of the variables; secret `db_password` is `${prefix}db_password`. */
  @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]*$|^$/, { message: 'prefix must be a valid environment variable name start' })
  public prefix = 'ONEIRIC_SECRET_';
}
