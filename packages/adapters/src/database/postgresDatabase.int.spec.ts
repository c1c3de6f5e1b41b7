import { AdapterErrorKind } from '../errors/adapterError.js';
import { databaseContract } from '../testing/databaseContract.js';
import { describeWithService, probeService } from '../testing/liveServices.js';
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
