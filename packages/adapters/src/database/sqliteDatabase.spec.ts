import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterErrorKind } from '../errors/adapterError.js';
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

  describe('after cleanup', () => {
    it('refuses queries with AdapterError notReady (the database is closed)', async () => {
      const closed = new SqliteDatabase(settings());
      await closed.init();
      await closed.cleanup();
      await expect(closed.query('SELECT 1')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });
});
