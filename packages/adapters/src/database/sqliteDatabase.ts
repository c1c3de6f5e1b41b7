/** The embedded default database: SQLite through better-sqlite3 (an optional peer dependency). */
import { databaseKey } from '../adapterKeys.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { Adapter, InjectSettings, withTimeout } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkSql } from './checkSql.js';
import { toQueryError } from './toQueryError.js';
import { transactionScope } from './transactionScope.js';
import type { Database, Queryable, QueryResult } from './database.js';
import { SqliteDatabaseSettings } from './sqliteDatabaseSettings.js';
import { messageOf } from '@oneiric/core/internal';

const USER = { category: 'database', provider: 'sqlite' } as const;
const CONTEXT = { domain: 'adapter', key: 'database', provider: 'sqlite' } as const;

// Runs BEGIN, COMMIT or ROLLBACK, mapping SQLite's error.
function exec(db: BetterSqlite3.Database, sql: string): void {
  try {
    db.exec(sql);
  } catch (error) {
    throw toQueryError(USER.provider, error);
  }
}

/**
 * SQLite on one connection. better-sqlite3 is synchronous, so statements are serialised by a
 * queue: a transaction holds the queue from BEGIN to COMMIT, so other callers' statements never
 * land inside it. `?` placeholders. Priority 50 (the lowest database: the embedded default).
 * Inside `transaction(work)`, statements go through the queryable passed to `work`: calling
 * the database's own `query` or `transaction` there would wait for the transaction to end (a
 * deadlock), so it is refused with `invalidArgument`.
 * @example
 * ```ts
 * const db = new SqliteDatabase(new SqliteDatabaseSettings());
 * await db.init();
 * await db.query('CREATE TABLE t (v TEXT)');
 * ```
 * @category Database
 */
@Adapter(databaseKey, 'sqlite', {
  priority: 50,
  settings: SqliteDatabaseSettings,
  capabilities: ['sql', 'transactions', 'embedded'],
  description: 'SQLite (better-sqlite3)',
})
export class SqliteDatabase implements Database {
  readonly #settings: SqliteDatabaseSettings;
  #db: BetterSqlite3.Database | undefined;
  // The tail of the statement queue: each statement or transaction runs after the previous one.
  #queue: Promise<unknown> = Promise.resolve();
  // Set while a transaction's work runs, in the work's async context: detects re-entrant calls.
  readonly #inTransaction = new AsyncLocalStorage<{ open: boolean }>();

  /** @param settings - file, busy timeout, read-only */
  public constructor(@InjectSettings() settings: SqliteDatabaseSettings) {
    this.#settings = settings;
  }

  /**
   * Loads better-sqlite3 and opens the database (WAL mode for files).
   * @throws AdapterError `missingDependency` without better-sqlite3; `connectionFailed` when the
   * database cannot be opened (its directory does not exist, the file cannot be opened or is not
   * a database), as for a server that cannot be reached; the driver's error is the cause
   */
  public async init(): Promise<void> {
    if (this.#db !== undefined) {
      return;
    }
    const { default: Sqlite } = await loadOptionalDependency('better-sqlite3', USER, () => import('better-sqlite3'));
    let db: BetterSqlite3.Database | undefined;
    try {
      db = new Sqlite(this.#settings.path, { readonly: this.#settings.readonly, timeout: this.#settings.busyTimeoutMs });
      if (this.#settings.path !== ':memory:' && !this.#settings.readonly) {
        // WAL lets readers in other processes work while this one writes.
        db.pragma('journal_mode = WAL');
      }
    } catch (error) {
      db?.close();
      // Like a server that cannot be reached: the database is unavailable, so a circuit breaker
      // may fail over. better-sqlite3's messages name no path; this one must not either.
      throw new AdapterError(
        AdapterErrorKind.connectionFailed,
        `adapter:database (sqlite): cannot open the database: ${messageOf(error)}`,
        CONTEXT,
        error,
      );
    }
    this.#db = db;
  }

  /** {@inheritDoc Queryable.query} */
  public async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    this.#refuseReentry('query');
    const values = checkSql(USER.provider, sql, params);
    return this.#enqueue(() => this.#run<Row>(sql, values));
  }

  /**
   * Runs `work` in a transaction: committed when it resolves, rolled back when it throws.
   * SQLite keeps a transaction open after most failed statements (and ends it after some, such
   * as a full disk), so a failure inside is remembered and the transaction is rolled back instead.
   * @throws AdapterError `transactionAborted` when a statement inside failed, even if `work`
   * caught its error, or SQLite already ended the transaction; nothing is committed then.
   * `notReady` when the transaction's queryable is used after the transaction finished.
   * `invalidArgument` when called from inside another transaction's work (it would deadlock).
   * `queryFailed` (or `timeout` for a lock, SQLITE_BUSY) when SQLite refuses BEGIN or COMMIT
   * (e.g. a deferred foreign key); nothing is committed then.
   */
  public async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
    this.#refuseReentry('transaction');
    return this.#enqueue(async () => {
      const db = this.#ready();
      // BEGIN runs before the scope: a failed BEGIN has nothing to roll back.
      exec(db, 'BEGIN');
      const marker = { open: true };
      return transactionScope({
        provider: USER.provider,
        context: CONTEXT,
        run: <Row>(sql: string, values: unknown[]) => this.#run<Row>(sql, values),
        enter: (inner) => this.#inTransaction.run(marker, inner),
        commit: (failure) => {
          if (!db.inTransaction) {
            throw new AdapterError(
              AdapterErrorKind.transactionAborted,
              'adapter:database (sqlite): SQLite ended the transaction before COMMIT; nothing was committed',
              CONTEXT,
              failure(),
            );
          }
          exec(db, 'COMMIT');
        },
        rollback: () => {
          if (db.inTransaction) {
            exec(db, 'ROLLBACK');
          }
        },
        release: (broken, rollbackError) => {
          marker.open = false;
          // There is no connection to discard: a failed ROLLBACK surfaces as the error.
          if (broken) {
            throw rollbackError;
          }
        },
      }, work);
    });
  }

  /** True when the database answers `SELECT 1`. */
  public async health(): Promise<boolean> {
    try {
      return (await this.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]?.ok === 1;
    } catch {
      return false;
    }
  }

  /**
   * Waits for queued statements (at most `cleanupTimeoutMs`), then closes the database; a
   * transaction still running is rolled back. Safe to call twice.
   */
  public async cleanup(): Promise<void> {
    await withTimeout(this.#queue, this.#settings.cleanupTimeoutMs, 'sqlite cleanup').catch(() => undefined);
    const db = this.#db;
    this.#db = undefined;
    // A stuck transaction would hold the queue forever: later calls must fail with notReady, not wait.
    this.#queue = Promise.resolve();
    if (db?.inTransaction === true) {
      db.exec('ROLLBACK');
    }
    db?.close();
  }

  #refuseReentry(method: string): void {
    if (this.#inTransaction.getStore()?.open === true) {
      throw new AdapterError(
        AdapterErrorKind.invalidArgument,
        `adapter:database (sqlite): db.${method}() was called inside db.transaction(); it would wait for that transaction to end (a deadlock). Use the queryable passed to the transaction's work instead`,
        CONTEXT,
      );
    }
  }

  #run<Row>(sql: string, values: unknown[]): QueryResult<Row> {
    const db = this.#ready();
    try {
      const statement = db.prepare(sql);
      if (statement.reader) {
        const rows = statement.all(...values) as Row[];
        return { rows, rowCount: rows.length };
      }
      const info = statement.run(...values);
      return { rows: [], rowCount: info.changes };
    } catch (error) {
      throw toQueryError(USER.provider, error);
    }
  }

  #enqueue<T>(task: () => T | Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #ready(): BetterSqlite3.Database {
    return requireReady(this.#db, USER.category, USER.provider);
  }
}
