// The behaviour every database provider must show, run against each provider by its own suite.
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { Database, Queryable } from '../database/database.js';
import { uniqueName } from './liveServices.js';

/** How the dialect under test writes what differs between databases. */
export interface Dialect {
  /** Placeholder of the 1-based parameter `index` (`$1` or `?`). */
  readonly placeholder: (index: number) => string;
}

/** Registers the contract's tests; `db()` returns the initialised provider under test. */
export function databaseContract(db: () => Database, dialect: Dialect): void {
  const p = dialect.placeholder;
  let table = '';
  beforeEach(async () => {
    table = uniqueName('oneiric_t');
    await db().query(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL)`);
  });
  afterEach(async () => {
    await db().query(`DROP TABLE IF EXISTS ${table}`);
  });

  describe('query', () => {
    it('binds parameters and returns rows and counts', async () => {
      const insert = await db().query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)}), (${p(3)}, ${p(4)})`, [1, 'lamp', 2, 'desk']);
      expect(insert.rowCount).toBe(2);
      const { rows, rowCount } = await db().query<{ id: number; name: string }>(`SELECT id, name FROM ${table} WHERE id >= ${p(1)} ORDER BY id`, [1]);
      expect(rows.map((row) => ({ id: Number(row.id), name: row.name }))).toEqual([{ id: 1, name: 'lamp' }, { id: 2, name: 'desk' }]);
      expect(rowCount).toBe(2);
    });

    it('never splices values into SQL', async () => {
      const hostile = `x'); DROP TABLE ${table}; --`;
      await db().query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, hostile]);
      const { rows } = await db().query<{ name: string }>(`SELECT name FROM ${table}`);
      expect(rows[0]?.name).toBe(hostile);
    });

    it('reports changed rows of an update', async () => {
      await db().query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'a']);
      expect((await db().query(`UPDATE ${table} SET name = ${p(1)}`, ['b'])).rowCount).toBe(1);
    });

    it('rejects an empty statement with AdapterError invalidArgument (nothing to send)', async () => {
      await expect(db().query('  ')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('rejects parameters that are not an array with AdapterError invalidArgument', async () => {
      await expect(db().query('SELECT 1', 'x' as unknown as unknown[])).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('refuses a text holding several statements with AdapterError queryFailed and runs none of them (a caller retrying it must not write twice)', async () => {
      const attempt = db().query(`INSERT INTO ${table} (id, name) VALUES (1, 'a'); INSERT INTO ${table} (id, name) VALUES (2, 'b')`);
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed });
      expect((await db().query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
    });

    it('rejects bad SQL with AdapterError queryFailed, keeping the server\'s error as cause (callers branch on kind, not on the driver)', async () => {
      const attempt = db().query('SELEC nonsense');
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed, cause: expect.any(Error) });
    });
  });

  describe('transaction', () => {
    it('commits when the work resolves', async () => {
      const result = await db().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'a']);
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [2, 'b']);
        return 'done';
      });
      expect(result).toBe('done');
      expect((await db().query(`SELECT id FROM ${table}`)).rowCount).toBe(2);
    });

    it('rolls back and rethrows when the work throws', async () => {
      const failure = new Error('abort');
      await expect(db().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'a']);
        throw failure;
      })).rejects.toBe(failure);
      expect((await db().query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
    });

    it('rolls back when a statement inside fails', async () => {
      await expect(db().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'a']);
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'duplicate']);
      })).rejects.toThrow();
      expect((await db().query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
    });

    it('refuses to commit with AdapterError transactionAborted when a statement failed and the work swallowed its error (committing would keep half the work)', async () => {
      const attempt = db().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'a']);
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'duplicate']).catch(() => undefined);
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [2, 'b']).catch(() => undefined);
        return 'done';
      });
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.transactionAborted });
      expect((await db().query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
    });

    it('refuses to commit with AdapterError transactionAborted when a statement the work did not await fails (the failure comes after the work resolved)', async () => {
      const attempt = db().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'a']);
        void tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [1, 'duplicate']).catch(() => undefined);
        return 'done';
      });
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.transactionAborted });
      expect((await db().query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
    });

    it('refuses a statement on a finished transaction with AdapterError notReady (its connection is no longer the transaction\'s)', async () => {
      let kept: Queryable | undefined;
      await db().transaction(async (tx) => {
        kept = tx;
      });
      const late = kept!.query('SELECT 1');
      await expect(late).rejects.toBeInstanceOf(AdapterError);
      await expect(late).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });

    it('keeps concurrent queries and transactions apart', async () => {
      await Promise.all(Array.from({ length: 10 }, (_, index) => index % 2 === 0
        ? db().transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [index, 'tx']);
        })
        : db().query(`INSERT INTO ${table} (id, name) VALUES (${p(1)}, ${p(2)})`, [index, 'plain'])));
      expect((await db().query(`SELECT id FROM ${table}`)).rowCount).toBe(10);
    });
  });

  describe('health', () => {
    it('is healthy', async () => {
      expect(await (db() as Database & { health(): Promise<boolean> }).health()).toBe(true);
    });
  });
}
