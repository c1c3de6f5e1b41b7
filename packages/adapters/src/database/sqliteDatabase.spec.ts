import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { databaseContract } from '../testing/databaseContract.js';
import { SqliteDatabase } from './sqliteDatabase.js';
import { SqliteDatabaseSettings } from './sqliteDatabaseSettings.js';

function settings(overrides: Partial<SqliteDatabaseSettings> = {}): SqliteDatabaseSettings {
  return Object.assign(new SqliteDatabaseSettings(), overrides);
}

describe('SqliteDatabase', () => {
  let db: SqliteDatabase;
  beforeEach(async () => {
    db = new SqliteDatabase(settings());
    await db.init();
  });
  afterEach(async () => {
    await db.cleanup();
  });

  describe('the database contract (in memory)', () => {
    databaseContract(() => db, { placeholder: () => '?' });
  });

  describe('with a file', () => {
    it('persists across instances and cleans up its handle', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'oneiric-sqlite-'));
      try {
        const path = join(dir, 'app.db');
        const first = new SqliteDatabase(settings({ path }));
        await first.init();
        await first.query('CREATE TABLE t (v TEXT)');
        await first.query('INSERT INTO t VALUES (?)', ['kept']);
        await first.cleanup();
        const second = new SqliteDatabase(settings({ path, readonly: true }));
        await second.init();
        expect((await second.query<{ v: string }>('SELECT v FROM t')).rows).toEqual([{ v: 'kept' }]);
        await second.cleanup();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('init', () => {
    // Before the fix better-sqlite3's plain TypeError ("Cannot open database because the directory
    // does not exist") escaped init.
    it('fails with AdapterError connectionFailed when the file\'s directory does not exist, naming no path', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'oneiric-sqlite-'));
      try {
        const missing = new SqliteDatabase(settings({ path: join(dir, 'absent', 'app.db') }));
        const attempt = missing.init();
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed, cause: expect.any(Error) });
        await expect(attempt).rejects.not.toThrow(dir);
        await expect(missing.query('SELECT 1')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    // Before the fix SQLite's plain SqliteError (SQLITE_NOTADB from the WAL pragma) escaped init.
    it('fails with AdapterError connectionFailed when the file is not a database', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'oneiric-sqlite-'));
      try {
        const path = join(dir, 'app.db');
        await writeFile(path, 'this is not a database file, just text that is long enough to have a header'.repeat(20));
        await expect(new SqliteDatabase(settings({ path })).init()).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('transaction', () => {
    // Before the fix the SqliteError of BEGIN ("cannot start a transaction within a transaction")
    // escaped unwrapped.
    it('fails with AdapterError queryFailed when BEGIN is refused (a transaction is already open on the connection)', async () => {
      await db.query('BEGIN');
      try {
        const attempt = db.transaction(async () => 'never');
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed, cause: expect.any(Error) });
      } finally {
        await db.query('ROLLBACK');
      }
    });

    // Before the fix the SqliteError of COMMIT (a deferred foreign key, SQLITE_CONSTRAINT_FOREIGNKEY)
    // escaped unwrapped.
    it('fails with AdapterError queryFailed when COMMIT is refused, and nothing is committed', async () => {
      await db.query('PRAGMA foreign_keys = ON');
      await db.query('CREATE TABLE parent (id INTEGER PRIMARY KEY)');
      await db.query('CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)');
      const attempt = db.transaction(async (tx) => {
        await tx.query('INSERT INTO child (id, parent) VALUES (?, ?)', [1, 99]);
      });
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed, cause: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }) });
      expect((await db.query('SELECT id FROM child')).rowCount).toBe(0);
    });
    it('refuses db.query from inside the work with AdapterError invalidArgument instead of deadlocking (it would wait for the transaction itself)', async () => {
      await db.query('CREATE TABLE t (v TEXT)');
      const attempt = db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (?)', ['kept']);
        await db.query('SELECT v FROM t');
      });
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument, message: expect.stringContaining('queryable') });
      expect((await db.query('SELECT v FROM t')).rowCount).toBe(0);
    });

    it('refuses a nested db.transaction with AdapterError invalidArgument instead of deadlocking', async () => {
      const attempt = db.transaction(async () => db.transaction(async () => 'inner'));
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('still accepts db.query from a callback the work left running after the transaction ended', async () => {
      let later: Promise<unknown> = Promise.resolve();
      await db.transaction(async () => {
        later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => db.query('SELECT 1 AS ok'));
      });
      await expect(later).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    });
  });

  describe('cleanup', () => {
    it('closes within cleanupTimeoutMs when a transaction never ends, rolling it back', async () => {
      const stuck = new SqliteDatabase(settings({ cleanupTimeoutMs: 100 }));
      await stuck.init();
      void stuck.transaction(async () => new Promise(() => undefined)).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const started = Date.now();
      await stuck.cleanup();
      expect(Date.now() - started).toBeLessThan(1_000);
      await expect(stuck.query('SELECT 1')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });

  describe('after cleanup', () => {
    it('refuses queries with AdapterError notReady (the database is closed)', async () => {
      const closed = new SqliteDatabase(settings());
      await closed.init();
      await closed.cleanup();
      await expect(closed.query('SELECT 1')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });
});
