/** The `runtime.http` settings: the TCP listener for containers (`/healthz`, `/readyz`, `/metrics`). */
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';

/**
 * Where the runtime's HTTP listener serves on TCP. Off unless `port` (or `port_env`) gives a
 * port; the Unix control socket is always on.
 * @category Configuration
 */
export class RuntimeHttpSettings {
  /** Address to listen on; loopback by default so nothing is exposed by accident. */
  @IsString()
  @IsNotEmpty()
  public host = '127.0.0.1';

  /** TCP port; 0 picks a free one. No TCP listener when absent (and `port_env` gives none). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65_535)
  public port?: number;

  /** Name of an environment variable holding the port (`PORT` in the serverless profile). */
  @IsOptional()
  @IsIn(['PORT', 'HTTP_PORT', 'ONEIRIC_HTTP_PORT'])
  public port_env?: string;

  /**
   * Bearer token that opens the mutating `/v1/...` endpoints on TCP. Off (absent) by default:
   * then only the control socket changes live state. Never logged.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  public admin_token?: string;
}
