/** PostgreSQL through a `pg` connection pool (`pg` is an optional peer dependency). */
import { databaseKey } from '../adapterKeys.js';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { Adapter, InjectSettings, withTimeout } from '@oneiric/core';
import { redactUrl } from '../clients/redactUrl.js';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkSql } from './checkSql.js';
import { toQueryError } from './toQueryError.js';
import { transactionScope } from './transactionScope.js';
import type { Database, Queryable, QueryResult } from './database.js';
import { PostgresDatabaseSettings } from './postgresDatabaseSettings.js';
import { messageOf } from '@oneiric/core/internal';

const USER = { category: 'database', provider: 'postgres' } as const;
const CONTEXT = { domain: 'adapter', key: 'database', provider: 'postgres' } as const;

/**
 * One statement for `pg`. Text that could hold several statements goes on the extended protocol
 * (`queryMode: 'extended'`, pg 8.11+, which pg otherwise only uses when there are values): the
 * server then refuses it (42601) instead of running every statement and returning an array.
 * Statements are separated by `;`, so text without one can only be a single statement and keeps
 * the simple protocol, one round of messages cheaper (13% on `SELECT 1` in bench/adapters).
 */
function statement(sql: string, values: unknown[]): QueryConfig & { readonly queryMode?: 'extended' } {
  return values.length > 0 || !sql.includes(';') ? { text: sql, values } : { text: sql, values, queryMode: 'extended' };
}

/**
 * PostgreSQL on a pool: each `query` borrows a connection for one statement; a transaction
 * keeps one connection from BEGIN to COMMIT or ROLLBACK. `$1` placeholders. Every statement is
 * bounded by `queryTimeoutMs`, opening a connection by `connectTimeoutMs`. Priority 500.
 * @example
 * ```ts
 * const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [email]);
 * ```
 * @category Database
 */
@Adapter(databaseKey, 'postgres', {
  priority: 500,
  settings: PostgresDatabaseSettings,
  capabilities: ['sql', 'transactions', 'pooled'],
  description: 'PostgreSQL (pg pool)',
})
export class PostgresDatabase implements Database {
  readonly #settings: PostgresDatabaseSettings;
  #pool: Pool | undefined;

  /** @param settings - server, pool size, time limits */
  public constructor(@InjectSettings() settings: PostgresDatabaseSettings) {
    this.#settings = settings;
  }

  /**
   * Loads `pg`, creates the pool and checks one connection.
   * @throws AdapterError `missingDependency` without pg, `connectionFailed` when the server does not answer
   */
  public async init(): Promise<void> {
    if (this.#pool !== undefined) {
      return;
    }
    const { Pool: PgPool } = await loadOptionalDependency('pg', USER, () => import('pg'));
    const settings = this.#settings;
    const pool = new PgPool({
      connectionString: settings.url,
      max: settings.maxConnections,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      idleTimeoutMillis: settings.idleTimeoutMs,
      query_timeout: settings.queryTimeoutMs,
      statement_timeout: settings.queryTimeoutMs,
      // An idle pool must not keep the process alive if an application forgets to close.
      allowExitOnIdle: true,
    });
    // An idle connection dropped by the server emits here; without a listener it would crash the process.
    pool.on('error', () => undefined);
    try {
      await withTimeout(pool.query('SELECT 1'), settings.connectTimeoutMs + settings.queryTimeoutMs, 'first query');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new AdapterError(
        AdapterErrorKind.connectionFailed,
        `adapter:database (postgres): cannot reach ${redactUrl(settings.url)}: ${messageOf(error)}`,
        CONTEXT,
        error,
      );
    }
    this.#pool = pool;
  }

  /**
   * Runs one statement with bound `$1` parameters (never spliced into the SQL text). A text
   * holding several statements is refused by the server (42601, `queryFailed`) before
   * any of them runs (see `statement`).
   * @throws AdapterError `timeout` when no pooled connection frees up within `connectTimeoutMs`
   */
  public async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    const values = checkSql(USER.provider, sql, params);
    const pool = this.#ready();
    try {
      const result = await pool.query(statement(sql, values));
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    } catch (error) {
      throw toQueryError(USER.provider, error);
    }
  }

  /**
   * {@inheritDoc Database.transaction}
   * @throws AdapterError `transactionAborted` when a statement inside failed (even if `work`
   * caught its error) or the server answered COMMIT with ROLLBACK; nothing is committed then.
   * `connectionFailed` when the connection is lost while the transaction holds it (the
   * transaction fails at once, even while `work` is not running a statement; the connection is
   * discarded). `timeout` when no pooled connection frees up within `connectTimeoutMs`.
   * `queryFailed` when the server refuses BEGIN or COMMIT (e.g. a deferred constraint).
   * `notReady` when the transaction's queryable is used after the transaction finished.
   */
  public async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.#ready().connect();
    } catch (error) {
      throw toQueryError(USER.provider, error);
    }
    const watch = watchForLostConnection(client);
    const exec = async (sql: string, values: unknown[] = []) => {
      watch.throwIfLost();
      try {
        return await client.query(statement(sql, values));
      } catch (error) {
        throw watch.lost() ?? toQueryError(USER.provider, error);
      }
    };
    // After a failed statement PostgreSQL has aborted the transaction: transactionScope refuses COMMIT then.
    return transactionScope({
      provider: USER.provider,
      context: CONTEXT,
      run: async <Row>(sql: string, values: unknown[]) => {
        const result = await exec(sql, values);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
      },
      begin: () => exec('BEGIN'),
      // A lost connection fails the transaction at once instead of when `work` next touches it.
      enter: (inner) => Promise.race([inner(), watch.whenLost]),
      commit: async (failure) => {
        // On an aborted transaction the server answers COMMIT with ROLLBACK instead of failing.
        const reply = await exec('COMMIT');
        if (reply.command !== 'COMMIT') {
          throw new AdapterError(
            AdapterErrorKind.transactionAborted,
            `adapter:database (postgres): the server answered COMMIT with ${String(reply.command)}; nothing was committed`,
            CONTEXT,
            failure(),
          );
        }
      },
      rollback: () => exec('ROLLBACK'),
      release: (broken) => {
        watch.stop();
        // A lost connection, or one that cannot even roll back, is destroyed, not given back to the pool.
        client.release(broken || watch.lost() !== undefined);
      },
    }, work);
  }

  /** True when the server answers `SELECT 1`. */
  public async health(): Promise<boolean> {
    try {
      return (await this.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]?.ok === 1;
    } catch {
      return false;
    }
  }

  /** Closes every pooled connection; safe to call twice. */
  public async cleanup(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end();
  }

  #ready(): Pool {
    return requireReady(this.#pool, USER.category, USER.provider);
  }
}

/** What a transaction knows of its connection's health. */
interface LostConnectionWatch {
  /** Rejects with the `connectionFailed` error once the connection is lost. */
  readonly whenLost: Promise<never>;
  /** The `connectionFailed` error, once the connection is lost. */
  lost(): AdapterError | undefined;
  /** Throws the `connectionFailed` error if the connection is lost. */
  throwIfLost(): void;
  /** Stops listening. */
  stop(): void;
}

// pool.on('error') only hears idle clients: while a transaction holds this one, a lost
// connection emits 'error' on the client, and without a listener it would crash the process.
function watchForLostConnection(client: PoolClient): LostConnectionWatch {
  let lost: AdapterError | undefined;
  let failLost: (error: AdapterError) => void = () => undefined;
  const whenLost = new Promise<never>((_, reject) => { failLost = reject; });
  whenLost.catch(() => undefined);
  const onError = (error: Error): void => {
    if (lost === undefined) {
      lost = new AdapterError(AdapterErrorKind.connectionFailed, `adapter:database (postgres): the transaction's connection was lost: ${error.message}`, CONTEXT, error);
      failLost(lost);
    }
  };
  client.on('error', onError);
  return {
    whenLost,
    lost: () => lost,
    throwIfLost: () => {
      if (lost !== undefined) {
        throw lost;
      }
    },
    stop: () => client.removeListener('error', onError),
  };
}
