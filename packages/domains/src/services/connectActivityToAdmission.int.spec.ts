// Integration tests of connectActivityToAdmission: pauses in the activity store (this process or
// another one through activity.json) stop live references, injected ones included.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Adapter, AdmissionError, InjectAdapter, Oneiric, Service, currentTarget, type OneiricEventMap } from '@oneiric/core';
import { createDomainBridges, type DomainBridges } from '../createDomainBridges.js';
import { ActivityStore } from './activityStore.js';
import { connectActivityToAdmission } from './connectActivityToAdmission.js';

const run = promisify(execFile);
// The child imports packages/domains/dist: build first (tsc --build), as for activityStore.int.spec.
const CHILD = fileURLToPath(new URL('../__fixtures__/activityChild.mjs', import.meta.url));

@Adapter('mailer', 'smtp')
class Mailer {
  public sent: string[] = [];
  public async send(to: string): Promise<string> {
    this.sent.push(to);
    return `sent to ${to}`;
  }
}

@Service('signup', 'default')
class Signup {
  public constructor(@InjectAdapter('mailer') private readonly mailer: Mailer) {}
  public welcome(to: string): Promise<string> {
    return this.mailer.send(to);
  }
}

let cacheDir: string;
let app: Oneiric;
let bridges: DomainBridges | undefined;

beforeEach(async () => {
  cacheDir = mkdtempSync(path.join(tmpdir(), 'oneiric-admission-'));
  app = new Oneiric();
  app.register(Mailer, Signup);
  await app.start();
});

afterEach(async () => {
  await bridges?.close();
  bridges = undefined;
  await app.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('connectActivityToAdmission', () => {
  describe('through createDomainBridges (connected by default)', () => {
    it('makes a pause through a bridge stop the injected reference at once, and a resume restore it', async () => {
      bridges = await createDomainBridges(app, { cacheDir });
      const signup = app.use<Signup>('service', 'signup');
      await bridges.adapters.pause('mailer', { note: 'relay down' });

      expect(app.admission('adapter', 'mailer')).toBe('paused');
      await expect(signup.welcome('a@example.org')).rejects.toMatchObject({ family: 'AdmissionError', kind: 'paused', message: 'adapter:mailer is paused (note: relay down)' });
      // The bridge refuses with the same error as the reference.
      await expect(bridges.adapters.use('mailer')).rejects.toBeInstanceOf(AdmissionError);
      expect(currentTarget(app.use<Mailer>('adapter', 'mailer')).sent).toEqual([]);

      await bridges.adapters.resume('mailer', { note: null });
      expect(app.admission('adapter', 'mailer')).toBe('open');
      await expect(signup.welcome('b@example.org')).resolves.toBe('sent to b@example.org');
    });

    it('drains with kind draining, and a key both paused and draining reads as paused until the pause is lifted', async () => {
      bridges = await createDomainBridges(app, { cacheDir });
      const mailer = app.use<Mailer>('adapter', 'mailer');
      await bridges.adapters.drain('mailer');
      await expect(mailer.send('x')).rejects.toMatchObject({ kind: 'draining' });
      await bridges.adapters.pause('mailer');
      await expect(mailer.send('x')).rejects.toMatchObject({ kind: 'paused' });
      await bridges.adapters.resume('mailer');
      await expect(mailer.send('x')).rejects.toMatchObject({ kind: 'draining' });
      await bridges.adapters.clearDrain('mailer');
      await expect(mailer.send('x')).resolves.toBe('sent to x');
    });

    it('applies a pause made by another process through activity.json within 1 s, and its resume', async () => {
      bridges = await createDomainBridges(app, { cacheDir });
      const signup = app.use<Signup>('service', 'signup');
      await run(process.execPath, [CHILD, 'pause', cacheDir, 'adapter', 'mailer', 'from another process'], { timeout: 10_000 });
      const pausedWithinMs = await waitForAdmission(app, 'paused', 1_000);
      expect(pausedWithinMs).toBeLessThanOrEqual(1_000);
      await expect(signup.welcome('a@example.org')).rejects.toMatchObject({ kind: 'paused', message: 'adapter:mailer is paused (note: from another process)' });

      await run(process.execPath, [CHILD, 'resume', cacheDir, 'adapter', 'mailer'], { timeout: 10_000 });
      expect(await waitForAdmission(app, 'open', 1_000)).toBeLessThanOrEqual(1_000);
      await expect(signup.welcome('b@example.org')).resolves.toBe('sent to b@example.org');
    }, 20_000);

    it('ignores entries of a hand-edited activity.json naming a domain that does not exist', async () => {
      writeFileSync(path.join(cacheDir, 'activity.json'), JSON.stringify({
        adapters: { mailer: { paused: true, draining: false, note: null, updatedAt: new Date().toISOString() } },
        adapter: { mailer: { paused: true, draining: false, note: 'real', updatedAt: new Date().toISOString() } },
      }));
      bridges = await createDomainBridges(app, { cacheDir });
      expect(app.admissions()).toMatchObject([{ domain: 'adapter', key: 'mailer', state: 'paused', note: 'real' }]);
    });

    it('leaves the references alone when connectAdmission is false', async () => {
      bridges = await createDomainBridges(app, { cacheDir, connectAdmission: false });
      await bridges.adapters.pause('mailer');
      expect(app.admission('adapter', 'mailer')).toBe('open');
      await expect(app.use<Mailer>('adapter', 'mailer').send('x')).resolves.toBe('sent to x');
    });
  });

  describe('with a store of its own', () => {
    it('applies what the store already holds, connects once however often it is called, and stops on disconnect', async () => {
      const store = new ActivityStore();
      await store.setPaused('adapter', 'mailer', true, 'before connecting');
      const changes: Array<OneiricEventMap['admissionChanged']> = [];
      app.on('admissionChanged', (change) => changes.push(change));

      const disconnect = connectActivityToAdmission(app, store);
      expect(connectActivityToAdmission(app, store)).toBe(disconnect);
      expect(app.admissions()).toMatchObject([{ domain: 'adapter', key: 'mailer', state: 'paused', note: 'before connecting' }]);

      await store.setPaused('adapter', 'mailer', false, null);
      expect(changes.map((change) => change.state)).toEqual(['paused', 'open']);

      disconnect();
      await store.setPaused('adapter', 'mailer', true);
      expect(app.admission('adapter', 'mailer')).toBe('open');
    });
  });
});

// Polls the mailer's admission until it is `state`; returns the milliseconds it took, or fails past `limitMs` (plus slack to report it).
async function waitForAdmission(application: Oneiric, state: string, limitMs: number): Promise<number> {
  const started = Date.now();
  while (application.admission('adapter', 'mailer') !== state) {
    if (Date.now() - started > limitMs + 2_000) {
      throw new Error(`admission still ${application.admission('adapter', 'mailer')} after ${Date.now() - started} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}
