import { AdapterErrorKind } from '../errors/adapterError.js';
import { databaseContract } from '../testing/databaseContract.js';
import { describeWithService, probeService } from '../testing/liveServices.js';
import { MysqlDatabase } from './mysqlDatabase.js';
import { MysqlDatabaseSettings } from './mysqlDatabaseSettings.js';

const mysql = await probeService('mysql');

function settings(overrides: Partial<MysqlDatabaseSettings> = {}): MysqlDatabaseSettings {
  return Object.assign(new MysqlDatabaseSettings(), { url: mysql.url, maxConnections: 4 }, overrides);
}

describeWithService(mysql, 'MysqlDatabase against a live MariaDB', () => {
  let db: MysqlDatabase;
  beforeAll(async () => {
    db = new MysqlDatabase(settings());
    await db.init();
  });
  afterAll(async () => {
    await db.cleanup();
  });

  describe('the database contract', () => {
    databaseContract(() => db, { placeholder: () => '?' });
  });

  describe('when a statement runs past queryTimeoutMs', () => {
    it('is cancelled with an error, and the pool keeps serving', async () => {
      const quick = new MysqlDatabase(settings({ queryTimeoutMs: 200 }));
      await quick.init();
      try {
        await expect(quick.query('SELECT SLEEP(2)')).rejects.toThrow();
        expect(await quick.health()).toBe(true);
      } finally {
        await quick.cleanup();
      }
    });
  });

  describe('when the server cannot be reached', () => {
    it('fails init with AdapterError connectionFailed (nothing listens on port 1)', async () => {
      const unreachable = new MysqlDatabase(settings({ url: 'mysql://root@127.0.0.1:1/test', connectTimeoutMs: 300 }));
      await expect(unreachable.init()).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
    });
  });

  describe('cleanup', () => {
    it('ends the pool and is safe to call twice', async () => {
      const other = new MysqlDatabase(settings());
      await other.init();
      await other.cleanup();
      await other.cleanup();
      await expect(other.query('SELECT 1')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });
});
