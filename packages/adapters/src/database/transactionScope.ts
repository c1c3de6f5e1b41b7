/** The transaction bookkeeping every database provider shares: a queryable that refuses late use, failure tracking, rollback and release. */
import type { OneiricErrorContext } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { checkSql } from './checkSql.js';
import type { Queryable, QueryResult } from './database.js';

/** The dialect-specific steps of one transaction, given to {@link transactionScope}. */
export interface TransactionSteps {
  /** Provider name used in messages and `checkSql`, e.g. `postgres`. */
  readonly provider: string;
  /** Context of every `AdapterError` thrown here. */
  readonly context: OneiricErrorContext;
  /** Runs one checked statement on the transaction's connection; throws an already mapped query error. */
  run<Row>(sql: string, values: unknown[]): QueryResult<Row> | Promise<QueryResult<Row>>;
  /** Starts the transaction (inside the rollback guard); omitted when the caller already began it. */
  begin?(): unknown;
  /** Calls `work` in the dialect's own context (default: directly). */
  enter?<T>(work: () => Promise<T>): Promise<T>;
  /** Runs after `work` resolved, before the failure check (e.g. waiting for statements still running). */
  settle?(): Promise<unknown>;
  /** Commits; may throw `transactionAborted` itself. `failure()` is the first failed statement's error so far. */
  commit(failure: () => unknown): unknown;
  /** Rolls back after an error; throwing here marks the connection broken. */
  rollback(): unknown;
  /** Always called last: gives the connection back, or discards it when `broken` (`rollbackError` says why). */
  release(broken: boolean, rollbackError: unknown): void;
}

/**
 * Runs `work` in a transaction with the shared bookkeeping: the queryable passed to `work`
 * refuses use after the transaction finished (`notReady`); the first failed statement is
 * remembered and COMMIT is then refused (`transactionAborted`) even if `work` caught the error;
 * any error rolls back and is rethrown; a connection that cannot roll back is released as broken.
 * @param steps - the dialect's begin, run, commit, rollback and release
 * @param work - the caller's statements, on the transaction's queryable
 * @returns what `work` returned, after COMMIT
 * @throws AdapterError `transactionAborted` when a statement inside failed; `notReady` on late use
 * @example
 * ```ts
 * return transactionScope({ provider: 'postgres', context, run, begin, commit, rollback, release }, work);
 * ```
 */
export async function transactionScope<T>(steps: TransactionSteps, work: (transaction: Queryable) => Promise<T>): Promise<T> {
  const { provider, context } = steps;
  let open = true;
  let broken = false;
  let rollbackError: unknown;
  // The first statement that failed: the transaction must not be committed after it.
  let failure: unknown;
  const transaction: Queryable = {
    query: async <Row>(sql: string, params?: readonly unknown[]) => {
      if (!open) {
        throw new AdapterError(AdapterErrorKind.notReady, `adapter:database (${provider}): the transaction is already finished`, context);
      }
      const values = checkSql(provider, sql, params);
      try {
        return await steps.run<Row>(sql, values);
      } catch (error) {
        failure ??= error;
        throw error;
      }
    },
  };
  try {
    await steps.begin?.();
    const result = await (steps.enter === undefined ? work(transaction) : steps.enter(() => work(transaction)));
    await steps.settle?.();
    if (failure !== undefined) {
      throw new AdapterError(
        AdapterErrorKind.transactionAborted,
        `adapter:database (${provider}): a statement inside the transaction failed, so it was rolled back instead of committed`,
        context,
        failure,
      );
    }
    await steps.commit(() => failure);
    return result;
  } catch (error) {
    try {
      await steps.rollback();
    } catch (caught) {
      broken = true;
      rollbackError = caught;
    }
    throw error;
  } finally {
    open = false;
    steps.release(broken, rollbackError);
  }
}
