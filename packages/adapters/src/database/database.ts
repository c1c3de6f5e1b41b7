/** The contract of the `database` category: every database provider implements it. */

/**
 * What a statement returned.
 * @category Database
 */
export interface QueryResult<Row> {
  /** Rows of a statement that returns rows; empty for others. */
  readonly rows: Row[];
  /** Rows returned, or rows changed by an INSERT, UPDATE or DELETE. */
  readonly rowCount: number;
}

/**
 * Runs statements; inside a transaction, on the transaction's connection.
 * @category Database
 */
export interface Queryable {
  /**
   * Runs one statement with bound parameters, in the dialect's placeholder style (`$1` on
   * PostgreSQL, `?` on MySQL and SQLite). Values are never spliced into the SQL text.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/**
 * A SQL database. `transaction(work)` commits when `work` resolves and rolls back when it
 * throws (rethrowing its error). Every method is async so that a circuit breaker can guard it.
 * @category Database
 */
export interface Database extends Queryable {
  /**
   * Runs `work` in a transaction on one connection; its result is returned after COMMIT.
   *
   * Isolation is each server's default; no provider changes it:
   * - PostgreSQL: READ COMMITTED (each statement sees rows committed before it started, so two
   *   reads in one transaction can differ; concurrent updates of a row wait, then proceed).
   * - MySQL/MariaDB (InnoDB): REPEATABLE READ (plain reads see the transaction's first snapshot;
   *   locking reads and writes see the latest rows; gap locks can cause deadlocks, reported as a
   *   failed statement).
   * - SQLite: SERIALIZABLE (one writer at a time; this provider also runs every statement and
   *   transaction of one instance one after another).
   * On PostgreSQL, `work` can raise the level with `SET TRANSACTION ISOLATION LEVEL SERIALIZABLE`
   * as its first statement; MySQL/MariaDB refuse that once the transaction has started (this
   * provider has already sent START TRANSACTION), so use locking reads (`SELECT ... FOR UPDATE`)
   * there instead.
   */
  transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T>;
}
