import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { databaseContract } from '../testing/databaseContract.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { PostgresDatabase } from './postgresDatabase.js';
import { PostgresDatabaseSettings } from './postgresDatabaseSettings.js';

const postgres = await probeService('postgres');

function settings(overrides: Partial<PostgresDatabaseSettings> = {}): PostgresDatabaseSettings {
  return Object.assign(new PostgresDatabaseSettings(), { url: postgres.url, maxConnections: 4 }, overrides);
}

describeWithService(postgres, 'PostgresDatabase against a live PostgreSQL', () => {
  let db: PostgresDatabase;
  beforeAll(async () => {
    db = new PostgresDatabase(settings());
    await db.init();
  });
  afterAll(async () => {
    await db.cleanup();
  });

  describe('the database contract', () => {
    databaseContract(() => db, { placeholder: (index) => `$${index}` });
  });

  describe('when a statement runs past queryTimeoutMs', () => {
    it('is cancelled with AdapterError timeout (the statement outlived its limit), and the pool keeps serving', async () => {
      const quick = new PostgresDatabase(settings({ queryTimeoutMs: 200 }));
      await quick.init();
      try {
        await expect(quick.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
        expect(await quick.health()).toBe(true);
      } finally {
        await quick.cleanup();
      }
    });
  });

  describe('when the transaction\'s connection is killed while the transaction holds it', () => {
    // Before the fix nothing listened for the checked-out client's 'error' event (pool.on('error')
    // only covers idle clients): the process died with "Unhandled 'error' event" (57P01).
    it('fails the transaction with AdapterError connectionFailed instead of crashing the process, and the pool keeps serving', async () => {
      const own = new PostgresDatabase(settings({ maxConnections: 2 }));
      await own.init();
      try {
        const attempt = own.transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await db.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise((resolve) => setTimeout(resolve, 200));
          return 'done';
        });
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
        expect(await own.health()).toBe(true);
      } finally {
        await own.cleanup();
      }
    });

    it('fails a statement the kill interrupts with AdapterError connectionFailed (57P01), and the transaction with it', async () => {
      const own = new PostgresDatabase(settings({ maxConnections: 2 }));
      await own.init();
      try {
        const attempt = own.transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          const killer = new Promise((resolve) => setTimeout(resolve, 100)).then(() => db.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]));
          try {
            await tx.query('SELECT pg_sleep(5)');
          } finally {
            await killer;
          }
        });
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await own.health()).toBe(true);
      } finally {
        await own.cleanup();
      }
    });
  });

  describe('when every pooled connection is held by a transaction', () => {
    // Before the fix transaction() threw pg-pool's plain "Error: timeout exceeded when trying to
    // connect", and query() turned it into queryFailed.
    it('fails transaction() and query() with AdapterError timeout after connectTimeoutMs', async () => {
      const small = new PostgresDatabase(settings({ maxConnections: 1, connectTimeoutMs: 300 }));
      await small.init();
      let finish: () => void = () => undefined;
      const held = new Promise<void>((resolve) => { finish = resolve; });
      try {
        let entered: () => void = () => undefined;
        const inside = new Promise<void>((resolve) => { entered = resolve; });
        const transaction = small.transaction(async () => {
          entered();
          await held;
        });
        await inside;
        const second = small.transaction(async () => 'never');
        await expect(second).rejects.toBeInstanceOf(AdapterError);
        await expect(second).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
        await expect(small.query('SELECT 1')).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
        finish();
        await transaction;
        expect(await small.health()).toBe(true);
      } finally {
        finish();
        await small.cleanup();
      }
    });
  });

  describe('when COMMIT itself fails', () => {
    // Before the fix the server's error on COMMIT (a deferred foreign key, 23503) came out as the
    // driver's plain DatabaseError.
    it('fails with AdapterError queryFailed, the server\'s error as cause, and nothing is committed', async () => {
      const parent = uniqueName('oneiric_parent');
      const child = uniqueName('oneiric_child');
      await db.query(`CREATE TABLE ${parent} (id INTEGER PRIMARY KEY)`);
      await db.query(`CREATE TABLE ${child} (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES ${parent} (id) DEFERRABLE INITIALLY DEFERRED)`);
      try {
        const attempt = db.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${child} (id, parent) VALUES ($1, $2)`, [1, 99]);
        });
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed, cause: expect.objectContaining({ code: '23503' }) });
        expect((await db.query(`SELECT id FROM ${child}`)).rowCount).toBe(0);
      } finally {
        await db.query(`DROP TABLE IF EXISTS ${child}`);
        await db.query(`DROP TABLE IF EXISTS ${parent}`);
      }
    });
  });

  describe('a statement text holding several statements', () => {
    let table = '';
    beforeEach(async () => {
      table = uniqueName('oneiric_multi');
      await db.query(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`);
    });
    afterEach(async () => {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    });

    // Before the fix the simple protocol ran both INSERTs, then the array result failed with a
    // TypeError-derived queryFailed: a caller retrying it wrote twice.
    it('is refused by the server with AdapterError queryFailed (42601) before anything runs', async () => {
      const attempt = db.query(`INSERT INTO ${table} (id) VALUES (1); INSERT INTO ${table} (id) VALUES (2)`);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed, cause: expect.objectContaining({ code: '42601' }) });
      expect((await db.query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
    });

    it('is refused inside a transaction too, and the transaction is not committed', async () => {
      const attempt = db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id) VALUES (1); INSERT INTO ${table} (id) VALUES (2)`);
      });
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed, cause: expect.objectContaining({ code: '42601' }) });
      expect((await db.query(`SELECT id FROM ${table}`)).rowCount).toBe(0);
    });
  });

  describe('when the server cannot be reached', () => {
    it('fails init with AdapterError connectionFailed (nothing listens on port 1)', async () => {
      const unreachable = new PostgresDatabase(settings({ url: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 300 }));
      await expect(unreachable.init()).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
    });
  });

  describe('cleanup', () => {
    it('ends the pool and is safe to call twice', async () => {
      const other = new PostgresDatabase(settings());
      await other.init();
      await other.cleanup();
      await other.cleanup();
      await expect(other.query('SELECT 1')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });
});
