/** The `fleet` settings section: whether this runtime joins a fleet steered through NATS JetStream, and how. */
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Settings of the fleet agent (see `@oneiric/fleet`). Credentials (`token`, `password`, or the
 * names of secrets read through the secrets hook) are never logged.
 * @category Configuration
 */
export class FleetSettings {
  /** Run the convergence agent in this runtime. */
  @IsBoolean()
  public enabled = false;

  /** NATS server, `nats://host:port` or `tls://host:port` (`ONEIRIC_FLEET__URL` overrides). */
  @IsString() @Matches(/^(nats|tls):\/\/\S+$/, { message: 'url must be a nats:// or tls:// URL' })
  public url = 'nats://127.0.0.1:4222';

  /** Bucket; default `oneiric_<app.name>` with characters other than `[A-Za-z0-9_-]` as `_`. */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'bucket may only hold letters, digits, _ and -' })
  public bucket?: string;

  /** This instance's id; default `<hostname>-<pid>`. */
  @IsOptional() @IsString() @IsNotEmpty()
  public instance_id?: string;

  /** Heartbeat period (also the pace of rollout driving), in milliseconds. */
  @IsInt() @Min(100) @Max(600_000)
  public heartbeat_ms = 2_000;

  /** Heartbeat age after which an instance is gone, in milliseconds; default 3 × `heartbeat_ms`. */
  @IsOptional() @IsInt() @Min(200) @Max(3_600_000)
  public gone_after_ms?: number;

  /** Limit on connecting and on every bucket request, in milliseconds. */
  @IsInt() @Min(100) @Max(600_000)
  public timeout_ms = 2_000;

  /** Token authentication (prefer `token_secret`). */
  @IsOptional() @IsString() @IsNotEmpty()
  public token?: string;

  /** Name of the secret holding the token, read through the secrets hook. */
  @IsOptional() @IsString() @IsNotEmpty()
  public token_secret?: string;

  /** User name (with `password` or `password_secret`). */
  @IsOptional() @IsString() @IsNotEmpty()
  public user?: string;

  /** Password (prefer `password_secret`). */
  @IsOptional() @IsString()
  public password?: string;

  /** Name of the secret holding the password, read through the secrets hook. */
  @IsOptional() @IsString() @IsNotEmpty()
  public password_secret?: string;

  /** CA certificate file for TLS. */
  @IsOptional() @IsString() @IsNotEmpty()
  public tls_ca_file?: string;

  /** Client certificate file for TLS. */
  @IsOptional() @IsString() @IsNotEmpty()
  public tls_cert_file?: string;

  /** Client key file for TLS. */
  @IsOptional() @IsString() @IsNotEmpty()
  public tls_key_file?: string;
}
