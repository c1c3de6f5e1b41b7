/** The embedded default database: SQLite through better-sqlite3 (an optional peer dependency). */
import type BetterSqlite3 from 'better-sqlite3';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkSql } from './checkSql.js';
import type { Database, Queryable, QueryResult } from './database.js';
import { SqliteDatabaseSettings } from './sqliteDatabaseSettings.js';

const USER = { category: 'database', provider: 'sqlite' } as const;

/**
 * SQLite on one connection. better-sqlite3 is synchronous, so statements are serialised by a
 * queue: a transaction holds the queue from BEGIN to COMMIT, so other callers' statements never
 * land inside it. `?` placeholders. Priority 50 (the lowest database: the embedded default).
 * @example
 * ```ts
 * const db = new SqliteDatabase(new SqliteDatabaseSettings());
 * await db.init();
 * await db.query('CREATE TABLE t (v TEXT)');
 * ```
 */
@Adapter('database', 'sqlite', {
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

  /** @param settings - file, busy timeout, read-only */
  public constructor(@InjectSettings() settings: SqliteDatabaseSettings) {
    this.#settings = settings;
  }

  /**
   * Loads better-sqlite3 and opens the database (WAL mode for files).
   * @throws AdapterError `missingDependency` without better-sqlite3
   */
  public async init(): Promise<void> {
    if (this.#db !== undefined) {
      return;
    }
    const { default: Sqlite } = await loadOptionalDependency('better-sqlite3', USER, () => import('better-sqlite3'));
    const db = new Sqlite(this.#settings.path, { readonly: this.#settings.readonly, timeout: this.#settings.busyTimeoutMs });
    if (this.#settings.path !== ':memory:' && !this.#settings.readonly) {
      // WAL lets readers in other processes work while this one writes.
      db.pragma('journal_mode = WAL');
    }
    this.#db = db;
  }

  /** {@inheritDoc Queryable.query} */
  public async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    const values = checkSql(USER.provider, sql, params);
    return this.#enqueue(() => this.#run<Row>(sql, values));
  }

  /** {@inheritDoc Database.transaction} */
  public async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      const db = this.#ready();
      db.exec('BEGIN');
      let open = true;
      const transaction: Queryable = {
        query: async <Row>(sql: string, params?: readonly unknown[]) => {
          if (!open) {
            throw new Error('adapter:database (sqlite): the transaction is already finished');
          }
          return this.#run<Row>(sql, checkSql(USER.provider, sql, params));
        },
      };
      try {
        const result = await work(transaction);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) {
          db.exec('ROLLBACK');
        }
        throw error;
      } finally {
        open = false;
      }
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

  /** Waits for queued statements, then closes the database; safe to call twice. */
  public async cleanup(): Promise<void> {
    await this.#queue.catch(() => undefined);
    this.#db?.close();
    this.#db = undefined;
  }

  #run<Row>(sql: string, values: unknown[]): QueryResult<Row> {
    const statement = this.#ready().prepare(sql);
    if (statement.reader) {
      const rows = statement.all(...values) as Row[];
      return { rows, rowCount: rows.length };
    }
    const info = statement.run(...values);
    return { rows: [], rowCount: info.changes };
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
