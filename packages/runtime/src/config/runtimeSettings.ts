/** The `runtime` settings section: what the runtime process starts and how long it may take to stop. */
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { RuntimeHttpSettings } from './runtimeHttpSettings.js';

// setTimeout's longest delay: a longer "timeout" would fire at once.
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Where the remote manifest comes from at start: the network (falling back to the cache) or only the cache.
 * @category Configuration
 */
export type RemoteStart = 'network' | 'cache';

/**
 * How the runtime process runs. Field names are snake_case like the rest of the settings.
 * @category Configuration
 */
export class RuntimeSettings {
  /** How long a stop waits for in-flight calls to finish before cleaning up anyway. */
  @IsInt()
  @Min(1)
  @Max(LONGEST_TIMER_MS)
  public shutdown_timeout_ms = 15_000;

  /** Run a selection watcher per domain over the settings files (off in `serverless`). */
  @IsBoolean()
  public watchers_enabled = true;

  /** Refresh the remote manifest every `remote.refresh_interval_seconds` (off in `serverless`). */
  @IsBoolean()
  public refresh_loop_enabled = true;

  /** Run the task scheduler. */
  @IsBoolean()
  public scheduler_enabled = true;

  /**
   * Consume queue-backed task and workflow runs (`TaskBridge.enqueue`, `oneiric workflow
   * enqueue`) when an `adapter:queue` is registered.
   */
  @IsBoolean()
  public queue_workers_enabled = true;

  /** Start from the network (cache on failure) or from the cached manifest only (`serverless`). */
  @IsIn(['network', 'cache'])
  public remote_start: RemoteStart = 'network';

  /**
   * A manifest shipped with the deployment (a path, relative to the working directory): the start
   * syncs from it instead of `remote.manifest_url`, verified like any manifest, falling back to the
   * cache. Needs `remote.allow_file_uris` (and the file under `remote.allowed_file_uri_roots`).
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  public manifest_file?: string;

  /** Polling period of the selection watchers and the activity file, in milliseconds. */
  @IsInt()
  @Min(50)
  @Max(60_000)
  public poll_interval_ms = 500;

  /** Limit of one control request, headers included, in milliseconds. */
  @IsInt()
  @Min(100)
  @Max(LONGEST_TIMER_MS)
  public control_request_timeout_ms = 10_000;

  /** Largest control request body, in bytes. */
  @IsInt()
  @Min(1_024)
  @Max(16 * 1024 * 1024)
  public control_body_limit_bytes = 64 * 1024;

  /** How often the health snapshot is rewritten even without a state change, in milliseconds. */
  @IsInt()
  @Min(100)
  @Max(LONGEST_TIMER_MS)
  public health_interval_ms = 5_000;

  /** The TCP listener. */
  @IsObject()
  @ValidateNested()
  @Type(() => RuntimeHttpSettings)
  public http = new RuntimeHttpSettings();
}
