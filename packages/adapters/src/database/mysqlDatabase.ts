/** MySQL and MariaDB through a `mysql2` connection pool (`mysql2` is an optional peer dependency). */
import { databaseKey } from '../adapterKeys.js';
import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import { Adapter, InjectSettings, TimeoutError, withTimeout } from '@oneiric/core';
import { redactUrl } from '../clients/redactUrl.js';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkSql } from './checkSql.js';
import { toQueryError } from './toQueryError.js';
import { transactionScope } from './transactionScope.js';
import type { Database, Queryable, QueryResult } from './database.js';
import { MysqlDatabaseSettings } from './mysqlDatabaseSettings.js';
import { messageOf } from '@oneiric/core/internal';

const USER = { category: 'database', provider: 'mysql' } as const;
const CONTEXT = { domain: 'adapter', key: 'database', provider: 'mysql' } as const;

// Prepared statements each connection keeps (least recently used ones are closed): bounds the
// server's count (max_prepared_stmt_count, 16382 by default) to maxConnections times this.
const PREPARED_PER_CONNECTION = 256;

type Executor = Pick<Pool, 'execute'> | Pick<PoolConnection, 'execute'>;

/**
 * Runs one statement as a server-side prepared statement (`execute`, binary protocol): values
 * travel apart from the SQL text, so no error's message or `sql` ever holds a value, and a text
 * holding several statements is refused before anything runs. (mysql2's `query` escapes values
 * into the text on the client, and its errors then carry that expanded SQL.)
 */
async function run<Row>(executor: Executor, sql: string, values: unknown[], timeoutMs: number): Promise<QueryResult<Row>> {
  // The binary protocol would send an array or a plain object as its JSON text: `IN (?)` with
  // [1, 2] would silently match nothing. Refused instead (one `?` per value).
  const position = values.findIndex((value) => typeof value === 'object' && value !== null && !(value instanceof Date) && !ArrayBuffer.isView(value));
  if (position >= 0) {
    throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:database (mysql): parameter ${position + 1} is ${Array.isArray(values[position]) ? 'an array' : 'an object'}; bind scalars (string, number, bigint, boolean, null, Date, Buffer) and write one ? per list value`, CONTEXT);
  }
  let result;
  try {
    // `undefined` binds as NULL, as it did with client-side escaping (mysql2's execute refuses it).
    [result] = await executor.execute({ sql, timeout: timeoutMs, values: values.map((value) => value ?? null) });
  } catch (error) {
    throw toQueryError('mysql', error);
  }
  if (Array.isArray(result)) {
    return { rows: result as Row[], rowCount: result.length };
  }
  return { rows: [], rowCount: (result as ResultSetHeader).affectedRows };
}

// Runs a transaction step (START TRANSACTION, COMMIT, ROLLBACK), mapping its error.
async function step(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    throw toQueryError('mysql', error);
  }
}

/**
 * MySQL or MariaDB on a pool: each `query` borrows a connection for one statement; a
 * transaction keeps one connection from BEGIN to COMMIT or ROLLBACK. `?` placeholders. Every
 * statement is bounded by `queryTimeoutMs`; waiting for a pooled connection while all are busy
 * by `connectTimeoutMs` (then `AdapterError` `timeout`), with at most `queueLimit` waiters.
 * Priority 450.
 * @example
 * ```ts
 * const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE email = ?', [email]);
 * ```
 * @category Database
 */
@Adapter(databaseKey, 'mysql', {
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
      queueLimit: settings.queueLimit,
      maxPreparedStatements: PREPARED_PER_CONNECTION,
    });
    try {
      await withTimeout(run(pool, 'SELECT 1', [], settings.queryTimeoutMs), settings.connectTimeoutMs + settings.queryTimeoutMs, 'first query');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new AdapterError(
        AdapterErrorKind.connectionFailed,
        `adapter:database (mysql): cannot reach ${redactUrl(settings.url)}: ${messageOf(error)}`,
        CONTEXT,
        error,
      );
    }
    this.#pool = pool;
  }

  /**
   * {@inheritDoc Queryable.query}
   * @throws AdapterError `timeout` when no pooled connection frees up within `connectTimeoutMs`
   */
  public async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    const values = checkSql(USER.provider, sql, params);
    const connection = await this.#acquire();
    try {
      return await run<Row>(connection, sql, values, this.#settings.queryTimeoutMs);
    } finally {
      connection.release();
    }
  }

  /**
   * Runs `work` in a transaction: committed when it resolves, rolled back when it throws.
   * MySQL keeps a transaction open after a failed statement (and silently ends it after a
   * deadlock), so a failure inside is remembered and the transaction is rolled back instead.
   * @throws AdapterError `transactionAborted` when a statement inside failed, even if `work`
   * caught its error; nothing is committed then. `notReady` when the transaction's queryable is
   * used after the transaction finished. `timeout` when no pooled connection frees up within
   * `connectTimeoutMs`. `connectionFailed` when the connection died while the transaction held
   * it (START TRANSACTION, COMMIT or ROLLBACK on a closed connection); the connection is discarded.
   */
  public async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
    const connection = await this.#acquire();
    // Statements still running: COMMIT waits for them, so one failing late cannot be missed.
    const running = new Set<Promise<unknown>>();
    return transactionScope({
      provider: USER.provider,
      context: CONTEXT,
      run: async <Row>(sql: string, values: unknown[]) => {
        const statement = run<Row>(connection, sql, values, this.#settings.queryTimeoutMs);
        running.add(statement);
        try {
          return await statement;
        } finally {
          running.delete(statement);
        }
      },
      begin: () => step(() => connection.beginTransaction()),
      settle: () => Promise.allSettled([...running]),
      commit: () => step(() => connection.commit()),
      rollback: () => step(() => connection.rollback()),
      release: (broken) => {
        if (broken) {
          // A connection that cannot even roll back is closed rather than given back to the pool.
          connection.destroy();
        } else {
          connection.release();
        }
      },
    }, work);
  }

  /** True when the server answers `SELECT 1` within `connectTimeoutMs` (a busy pool is not healthy). */
  public async health(): Promise<boolean> {
    try {
      const { rows } = await withTimeout(this.query<{ ok: number }>('SELECT 1 AS ok'), this.#settings.connectTimeoutMs, 'health check');
      return Number(rows[0]?.ok) === 1;
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

  // A pooled connection, waited for at most connectTimeoutMs; one that comes later is given back.
  async #acquire(): Promise<PoolConnection> {
    const waiting = this.#ready().getConnection();
    try {
      return await withTimeout(waiting, this.#settings.connectTimeoutMs, 'waiting for a pooled connection');
    } catch (error) {
      if (error instanceof TimeoutError) {
        waiting.then((late) => late.release(), () => undefined);
        throw new AdapterError(
          AdapterErrorKind.timeout,
          `adapter:database (mysql): no pooled connection became free within ${this.#settings.connectTimeoutMs} ms (all ${this.#settings.maxConnections} busy)`,
          CONTEXT,
          error,
        );
      }
      const message = messageOf(error);
      // mysql2 refuses a waiter beyond queueLimit with "Queue limit reached.".
      const kind = /queue limit/i.test(message) ? AdapterErrorKind.timeout : AdapterErrorKind.connectionFailed;
      throw new AdapterError(kind, `adapter:database (mysql): cannot get a pooled connection: ${message}`, CONTEXT, error);
    }
  }

  #ready(): Pool {
    return requireReady(this.#pool, USER.category, USER.provider);
  }
}
