/** `http.fetch`: one HTTP request through the http adapter (or fetch), answered with status, headers and body. */
import { IsIn, IsInt, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import { MaxChars } from '../models/maxChars.js';
import { Optional } from '../models/optional.js';
import { checkOutboundUrl, redactUrl } from '../calculations/checkOutboundUrl.js';
import { ResponseTooLarge, sendHttp } from '../codecs/sendHttp.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionContext } from '../models/actionContext.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'http.fetch';
// Response headers that carry credentials or session state: never handed back.
const SECRET_HEADERS = new Set(['set-cookie', 'authorization', 'proxy-authorization', 'www-authenticate', 'proxy-authenticate']);

/**
 * Settings of `http.fetch`.
 * @category Action kits
 */
export class HttpFetchSettings {
  /** Default per-attempt timeout, ms. */
  @IsInt() @Min(1) @Max(300_000) public timeoutMs = 10_000;
  /** Largest response body read, bytes. */
  @IsInt() @Min(1) public maxResponseBytes = 10 * 1024 * 1024;
}

/**
 * Payload of `http.fetch`.
 * @category Action kits
 */
export class HttpFetchPayload {
  /** Absolute http(s) URL without credentials. */
  @IsString() @MaxLength(8192) public url = '';
  /** GET (default), HEAD, POST, PUT, PATCH, DELETE or OPTIONS. */
  @Optional() @IsIn(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) public method?: string;
  /** Request headers. */
  @Optional() @IsObject() public headers?: Record<string, string>;
  /** Body text (JSON-encode objects yourself or use `json`). */
  @Optional() @IsString() @MaxChars(10 * 1024 * 1024) public body?: string;
  /** A JSON body (sets content-type). */
  @Optional() @IsObject() public json?: Record<string, unknown>;
  /** Per-attempt timeout, ms (default from settings). */
  @Optional() @IsInt() @Min(1) @Max(300_000) public timeoutMs?: number;
  /** Retries of idempotent methods (default 2). */
  @Optional() @IsInt() @Min(0) @Max(10) public retries?: number;
}

/**
 * Result of `http.fetch`.
 * @category Action kits
 */
export interface HttpFetchResult {
  readonly status: 'ok' | 'error';
  readonly statusCode: number;
  readonly ok: boolean;
  readonly method: string;
  /** The URL without query string (it may carry tokens). */
  readonly url: string;
  /** Response headers, minus cookies and authentication headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly elapsedMs: number;
  readonly attempts: number;
  /** `adapter:<provider>` or `fetch`. */
  readonly via: string;
  /** The body parsed as JSON when it is JSON, else null. */
  readonly json: unknown;
  readonly text: string;
}

/**
 * Sends a request.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke http.fetch --payload '{"url":"http://127.0.0.1:8080/health"}' --json
 * ```
 * @category Action kits
 */
export class HttpFetch implements BuiltinAction<HttpFetchPayload, HttpFetchResult> {
  /** The payload class. */
  public readonly payloadType = HttpFetchPayload;

  /** @param context - the application (its http adapter); @param settings - defaults and limits */
  public constructor(private readonly context: ActionContext, private readonly settings: HttpFetchSettings = new HttpFetchSettings()) {}

  /** @throws ActionError `invalidPayload` for a bad URL or headers, `requestFailed` when no response came, `limitExceeded` for a body over the limit */
  public async execute(payload: HttpFetchPayload): Promise<HttpFetchResult> {
    const url = checkOutboundUrl(payload.url, KEY, 'url');
    const method = payload.method ?? (payload.body === undefined && payload.json === undefined ? 'GET' : 'POST');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(payload.headers ?? {})) {
      if (typeof value !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) {
        throw actionError(ActionErrorKind.invalidPayload, KEY, `headers.${name.slice(0, 64)} is not a valid header`, 'headers');
      }
      headers[name] = value;
    }
    const body = payload.json === undefined ? payload.body : JSON.stringify(payload.json);
    if (payload.json !== undefined) headers['content-type'] ??= 'application/json';
    const started = performance.now();
    try {
      const response = await sendHttp(this.context.app, {
        url: url.href, method, headers, timeoutMs: payload.timeoutMs ?? this.settings.timeoutMs, retries: payload.retries ?? 2,
        maxResponseBytes: this.settings.maxResponseBytes, ...(body === undefined ? {} : { body }),
      });
      const text = Buffer.from(response.body).toString('utf8');
      const ok = response.status >= 200 && response.status < 300;
      return {
        status: ok ? 'ok' : 'error', statusCode: response.status, ok, method, url: redactUrl(url),
        headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase()))),
        elapsedMs: Math.round((performance.now() - started) * 100) / 100, attempts: response.attempts, via: response.via, json: parseJson(text), text,
      };
    } catch (error) {
      if (error instanceof ResponseTooLarge) {
        throw actionError(ActionErrorKind.limitExceeded, KEY, `response body over ${this.settings.maxResponseBytes} bytes`, 'url', error);
      }
      if (error instanceof Error && 'family' in error) throw error;
      // The message names the host only: the path and query may hold tokens.
      throw actionError(ActionErrorKind.requestFailed, KEY, `${method} ${url.host} failed: ${error instanceof Error ? error.name : 'error'}`, 'url', error);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/** Registration entry of `http.fetch`. */
export const httpFetchKit: ActionKitDefinition = {
  key: KEY,
  description: 'one HTTP request through the http adapter (or fetch): timeouts, retries, bounded body, no credentials echoed',
  settingsClass: HttpFetchSettings,
  build: (context, settings) => new HttpFetch(context, settings as HttpFetchSettings),
};
