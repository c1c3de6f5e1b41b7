import { inspect } from 'node:util';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
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
    it('is cancelled with AdapterError timeout (the statement outlived its limit), and the pool keeps serving', async () => {
      const quick = new MysqlDatabase(settings({ queryTimeoutMs: 200 }));
      await quick.init();
      try {
        await expect(quick.query('SELECT SLEEP(2)')).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
        expect(await quick.health()).toBe(true);
      } finally {
        await quick.cleanup();
      }
    });
  });

  describe('query when every pooled connection is held by a transaction', () => {
    it('fails with AdapterError timeout after connectTimeoutMs instead of waiting without limit, health says false, and the pool serves again afterwards', async () => {
      const small = new MysqlDatabase(settings({ maxConnections: 1, connectTimeoutMs: 300 }));
      await small.init();
      try {
        let finish: () => void = () => undefined;
        const held = new Promise<void>((resolve) => { finish = resolve; });
        let entered: () => void = () => undefined;
        const inside = new Promise<void>((resolve) => { entered = resolve; });
        const transaction = small.transaction(async () => {
          entered();
          await held;
        });
        await inside;
        const started = Date.now();
        const waiting = small.query('SELECT 1');
        await expect(waiting).rejects.toBeInstanceOf(AdapterError);
        await expect(waiting).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(await small.health()).toBe(false);
        finish();
        await transaction;
        // The connection a timed-out waiter received late went back to the pool.
        expect(await small.health()).toBe(true);
        expect((await small.query<{ v: number }>('SELECT 2 AS v')).rows.map((row) => Number(row.v))).toEqual([2]);
      } finally {
        await small.cleanup();
      }
    });

    it('refuses a waiter beyond queueLimit at once with AdapterError timeout (the queue is bounded)', async () => {
      const small = new MysqlDatabase(settings({ maxConnections: 1, connectTimeoutMs: 1_000, queueLimit: 1 }));
      await small.init();
      try {
        let finish: () => void = () => undefined;
        const held = new Promise<void>((resolve) => { finish = resolve; });
        let entered: () => void = () => undefined;
        const inside = new Promise<void>((resolve) => { entered = resolve; });
        const transaction = small.transaction(async () => {
          entered();
          await held;
        });
        await inside;
        const first = small.query('SELECT 1');
        const second = small.query('SELECT 1');
        await expect(second).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
        finish();
        await transaction;
        await expect(first).resolves.toMatchObject({ rowCount: 1 });
      } finally {
        await small.cleanup();
      }
    });
  });

  describe('when the transaction\'s connection is killed while the transaction holds it', () => {
    // Before the fix COMMIT on the dead connection threw mysql2's plain "Can't add new command
    // when connection is in closed state" (no code, not an AdapterError).
    it('fails the transaction with AdapterError connectionFailed, and the pool keeps serving', async () => {
      const own = new MysqlDatabase(settings({ maxConnections: 2 }));
      await own.init();
      try {
        const attempt = own.transaction(async (tx) => {
          const { rows } = await tx.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
          await db.query(`KILL ${Number(rows[0]!.id)}`);
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
  });

  describe('a failed statement with parameters', () => {
    // Before the fix mysql2 inlined the escaped values client-side and the driver's error kept the
    // expanded SQL (cause.sql "... password = 'hunter2'", and the parse error's "near '...'" text):
    // a logger printing the cause leaked the value.
    it.each([
      ['a syntax error', 'SELEC secret FROM nowhere WHERE password = ?'],
      ['a missing table', 'SELECT secret FROM oneiric_missing_table WHERE password = ?'],
    ])('carries no parameter value in its message or cause (%s)', async (_, sql) => {
      const error: unknown = await db.query(sql, ['hunter2']).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AdapterError);
      expect(error).toMatchObject({ kind: AdapterErrorKind.queryFailed });
      expect(inspect(error, { depth: 10 })).not.toContain('hunter2');
      expect(JSON.stringify((error as AdapterError).cause)).not.toContain('hunter2');
    });
  });

  describe('a list or object bound to one placeholder', () => {
    // Prepared statements send an array as its JSON text: `2 IN (?)` with [1, 2] ran and matched
    // nothing. AdapterError invalidArgument instead, naming the parameter, before anything runs.
    it('is refused with AdapterError invalidArgument instead of silently matching nothing', async () => {
      await expect(db.query('SELECT 1 AS a FROM DUAL WHERE 2 IN (?)', [[1, 2]])).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument, message: expect.stringContaining('parameter 1 is an array') as unknown });
      await expect(db.query('SELECT ? AS a', [{ id: 1 }])).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('still binds dates and bytes', async () => {
      const { rows } = await db.query<{ d: unknown; b: Buffer }>('SELECT ? AS d, ? AS b', [new Date(Date.UTC(2026, 0, 2)), Buffer.from('hi')]);
      expect(rows).toHaveLength(1);
      expect(Buffer.from(rows[0]!.b).toString()).toBe('hi');
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
