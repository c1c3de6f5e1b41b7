/** MySQL and MariaDB through a `mysql2` connection pool (`mysql2` is an optional peer dependency). */
import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import { Adapter, InjectSettings, withTimeout } from '@oneiric/core';
import { redactUrl } from '../clients/redactUrl.js';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkSql } from './checkSql.js';
import type { Database, Queryable, QueryResult } from './database.js';
import { MysqlDatabaseSettings } from './mysqlDatabaseSettings.js';

const USER = { category: 'database', provider: 'mysql' } as const;
const CONTEXT = { domain: 'adapter', key: 'database', provider: 'mysql' } as const;

type Executor = Pick<Pool, 'query'> | Pick<PoolConnection, 'query'>;

async function run<Row>(executor: Executor, sql: string, values: unknown[], timeoutMs: number): Promise<QueryResult<Row>> {
  const [result] = await executor.query({ sql, timeout: timeoutMs, values });
  if (Array.isArray(result)) {
    return { rows: result as Row[], rowCount: result.length };
  }
  return { rows: [], rowCount: (result as ResultSetHeader).affectedRows };
}

/**
 * MySQL or MariaDB on a pool: each `query` borrows a connection for one statement; a
 * transaction keeps one connection from BEGIN to COMMIT or ROLLBACK. `?` placeholders. Every
 * statement is bounded by `queryTimeoutMs`. Priority 450.
 * @example
 * ```ts
 * const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE email = ?', [email]);
 * ```
 */
@Adapter('database', 'mysql', {
  priority: 450,
  settings: MysqlDatabaseSettings,
  capabilities: ['sql', 'transactions', 'pooled'],
  description: 'MySQL / MariaDB (mysql2 pool)',
})
export class MysqlDatabase implements Database {
  readonly #settings: MysqlDatabaseSettings;
  #pool: Pool | undefined;

  /** @param settings - server, pool size, time limits */
  public constructor(@InjectSettings() settings: MysqlDatabaseSettings) {
    this.#settings = settings;
  }

  /**
   * Loads `mysql2`, creates the pool and checks one connection.
   * @throws AdapterError `missingDependency` without mysql2, `connectionFailed` when the server does not answer
   */
  public async init(): Promise<void> {
    if (this.#pool !== undefined) {
      return;
    }
    const { createPool } = await loadOptionalDependency('mysql2', USER, () => import('mysql2/promise'));
    const settings = this.#settings;
    const pool = createPool({
      uri: settings.url.replace(/^mariadb:/, 'mysql:'),
      connectionLimit: settings.maxConnections,
      maxIdle: settings.maxConnections,
      idleTimeout: settings.idleTimeoutMs,
      connectTimeout: settings.connectTimeoutMs,
      waitForConnections: true,
    });
    try {
      await withTimeout(run(pool, 'SELECT 1', [], settings.queryTimeoutMs), settings.connectTimeoutMs + settings.queryTimeoutMs, 'first query');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new AdapterError(
        AdapterErrorKind.connectionFailed,
        `adapter:database (mysql): cannot reach ${redactUrl(settings.url)}: ${error instanceof Error ? error.message : String(error)}`,
        CONTEXT,
        error,
      );
    }
    this.#pool = pool;
  }

  /** {@inheritDoc Queryable.query} */
  public async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    const values = checkSql(USER.provider, sql, params);
    return run<Row>(this.#ready(), sql, values, this.#settings.queryTimeoutMs);
  }

  /** {@inheritDoc Database.transaction} */
  public async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
    const connection = await this.#ready().getConnection();
    let open = true;
    let broken = false;
    const transaction: Queryable = {
      query: async <Row>(sql: string, params?: readonly unknown[]) => {
        if (!open) {
          throw new Error('adapter:database (mysql): the transaction is already finished');
        }
        return run<Row>(connection, sql, checkSql(USER.provider, sql, params), this.#settings.queryTimeoutMs);
      },
    };
    try {
      await connection.beginTransaction();
      const result = await work(transaction);
      await connection.commit();
      return result;
    } catch (error) {
      try {
        await connection.rollback();
      } catch {
        broken = true;
      }
      throw error;
    } finally {
      open = false;
      if (broken) {
        // A connection that cannot even roll back is closed rather than given back to the pool.
        connection.destroy();
      } else {
        connection.release();
      }
    }
  }

  /** True when the server answers `SELECT 1`. */
  public async health(): Promise<boolean> {
    try {
      return Number((await this.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]?.ok) === 1;
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
