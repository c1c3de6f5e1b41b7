import { Oneiric } from './oneiric.js';
import { Adapter } from '../decorators/adapter.js';
import { Service } from '../decorators/service.js';
import { InjectAdapter } from '../container/injectDecorators.js';
import { currentTarget } from '../container/liveReference.js';
import { AdmissionError, AdmissionErrorKind } from '../errors/admissionError.js';
import { isOneiricError } from '../errors/oneiricError.js';
import { deferred } from '../testing/deferred.js';
import { expectRejected } from '../testing/expectRejected.js';
import { expectThrown } from '../testing/expectThrown.js';
import type { OneiricEventMap } from './oneiricEvents.js';

const gates = new Map<string, ReturnType<typeof deferred>>();

@Adapter('mailer', 'smtp', 200)
class SmtpMailer {
  public readonly label = 'smtp';
  public sent = 0;
  public async send(to: string): Promise<string> {
    const gate = gates.get(to);
    if (gate !== undefined) {
      await gate.promise;
    }
    this.sent += 1;
    return `smtp:${to}`;
  }
  public name(): string { return 'smtp'; }
}

@Adapter('mailer', 'console', 100)
class ConsoleMailer {
  public readonly label = 'console';
  public async send(to: string): Promise<string> { return `console:${to}`; }
  public name(): string { return 'console'; }
}

@Service('signup', 'default')
class Signup {
  public constructor(@InjectAdapter('mailer') private readonly mailer: SmtpMailer) {}
  public welcome(to: string): Promise<string> { return this.mailer.send(to); }
}

async function startedApp(): Promise<Oneiric> {
  const app = new Oneiric();
  app.register(SmtpMailer, ConsoleMailer, Signup);
  await app.start();
  return app;
}

describe('Oneiric admission', () => {
  afterEach(() => gates.clear());

  describe('having a paused key', () => {
    it('refuses new calls through use() and through injected references with a typed paused error, naming the note', async () => {
      const app = await startedApp();
      const mailer = app.use<SmtpMailer>('adapter', 'mailer');
      const signup = app.use<Signup>('service', 'signup');
      app.setAdmission('adapter', 'mailer', 'paused', { note: 'smtp relay maintenance' });

      const direct = await expectRejected(mailer.send('a@example.org'), AdmissionError);
      expect(direct).toMatchObject({ kind: AdmissionErrorKind.paused, family: 'AdmissionError', message: 'adapter:mailer is paused (note: smtp relay maintenance)', context: { domain: 'adapter', key: 'mailer' } });
      // The service itself is open; the adapter it calls through its injected reference refuses.
      const injected = await expectRejected(signup.welcome('b@example.org'), AdmissionError);
      expect(isOneiricError(injected, 'paused')).toBe(true);
      // Synchronous methods throw rather than reject; plain properties are still readable.
      expect(expectThrown(() => mailer.name(), AdmissionError).kind).toBe('paused');
      expect(mailer.label).toBe('smtp');
      // No refused call reached the instance.
      expect(currentTarget(mailer).sent).toBe(0);
      await app.close();
    }, 10_000);

    it('refuses current() too, since the bare instance would bypass the refusal', async () => {
      const app = await startedApp();
      app.setAdmission('adapter', 'mailer', 'paused');
      expect(expectThrown(() => app.current('adapter', 'mailer'), AdmissionError).message).toBe('adapter:mailer is paused');
      app.setAdmission('adapter', 'mailer', 'open');
      expect(app.current('adapter', 'mailer')).toBeInstanceOf(SmtpMailer);
      await app.close();
    });

    it('refuses a method read off the reference before the pause when it is called after', async () => {
      const app = await startedApp();
      const send = app.use<SmtpMailer>('adapter', 'mailer').send;
      await expect(send('early@example.org')).resolves.toBe('smtp:early@example.org');
      app.setAdmission('adapter', 'mailer', 'paused');
      await expectRejected(send('late@example.org'), AdmissionError);
      await app.close();
    });

    it('lets the call in flight when the pause came finish, then restores service when opened', async () => {
      const app = await startedApp();
      const mailer = app.use<SmtpMailer>('adapter', 'mailer');
      const gate = deferred();
      gates.set('slow@example.org', gate);
      const running = mailer.send('slow@example.org');
      expect(app.inFlight('adapter', 'mailer')).toBe(1);

      app.setAdmission('adapter', 'mailer', 'paused');
      await expectRejected(mailer.send('new@example.org'), AdmissionError);
      gate.resolve();
      await expect(running).resolves.toBe('smtp:slow@example.org');
      expect(app.inFlight('adapter', 'mailer')).toBe(0);

      app.setAdmission('adapter', 'mailer', 'open');
      await expect(mailer.send('again@example.org')).resolves.toBe('smtp:again@example.org');
      await app.close();
    });

    it('keeps refusing after a swap: the admission belongs to the key, not to the instance', async () => {
      const app = await startedApp();
      const mailer = app.use<SmtpMailer>('adapter', 'mailer');
      app.setAdmission('adapter', 'mailer', 'paused');
      await app.swap('adapter', 'mailer', { provider: 'console' });
      await expectRejected(mailer.send('x@example.org'), AdmissionError);
      app.setAdmission('adapter', 'mailer', 'open');
      await expect(mailer.send('x@example.org')).resolves.toBe('console:x@example.org');
      await app.close();
    });
  });

  describe('having a draining key', () => {
    it('refuses new calls with kind draining while calls already running finish', async () => {
      const app = await startedApp();
      const mailer = app.use<SmtpMailer>('adapter', 'mailer');
      const gate = deferred();
      gates.set('slow@example.org', gate);
      const running = mailer.send('slow@example.org');
      app.setAdmission('adapter', 'mailer', 'draining', { note: 'shutdown' });

      const refused = await expectRejected(mailer.send('new@example.org'), AdmissionError);
      expect(refused).toMatchObject({ kind: AdmissionErrorKind.draining, message: 'adapter:mailer is draining (note: shutdown)' });
      gate.resolve();
      await expect(running).resolves.toBe('smtp:slow@example.org');
      app.setAdmission('adapter', 'mailer', 'open');
      await expect(mailer.send('after@example.org')).resolves.toBe('smtp:after@example.org');
      await app.close();
    });
  });

  describe('admission state and events', () => {
    it('reports each state, lists the keys that are not open, and emits admissionChanged only on a change', async () => {
      const app = await startedApp();
      const changes: Array<OneiricEventMap['admissionChanged']> = [];
      app.on('admissionChanged', (change) => changes.push(change));

      expect(app.admission('adapter', 'mailer')).toBe('open');
      app.setAdmission('adapter', 'mailer', 'paused', { note: 'n1' });
      app.setAdmission('adapter', 'mailer', 'paused', { note: 'n1' });
      app.setAdmission('service', 'signup', 'draining');
      expect(app.admission('adapter', 'mailer')).toBe('paused');
      expect(app.admissions()).toEqual([
        { domain: 'adapter', key: 'mailer', state: 'paused', note: 'n1', changedAt: expect.any(String) as unknown },
        { domain: 'service', key: 'signup', state: 'draining', note: null, changedAt: expect.any(String) as unknown },
      ]);
      app.setAdmission('adapter', 'mailer', 'open', { note: 'ignored: an open key has no note' });
      app.setAdmission('service', 'signup', 'open');
      expect(app.admissions()).toEqual([]);
      expect(changes).toEqual([
        { domain: 'adapter', key: 'mailer', state: 'paused', previous: 'open', note: 'n1' },
        { domain: 'service', key: 'signup', state: 'draining', previous: 'open', note: null },
        { domain: 'adapter', key: 'mailer', state: 'open', previous: 'paused', note: null },
        { domain: 'service', key: 'signup', state: 'open', previous: 'draining', note: null },
      ]);
      await app.close();
    });

    it('refuses an unknown domain and a state that is not an admission state', () => {
      const app = new Oneiric();
      expect(() => app.setAdmission('adapters' as never, 'mailer', 'paused')).toThrow(expect.objectContaining({ kind: 'unknownDomain' }) as Error);
      expect(() => app.setAdmission('adapter', 'mailer', 'closed' as never)).toThrow(TypeError);
      expect(app.admissions()).toEqual([]);
    });

    it('applies a pause set before the key was registered once the key is live', async () => {
      const app = new Oneiric();
      app.setAdmission('adapter', 'mailer', 'paused', { note: 'set early' });
      app.register(SmtpMailer);
      await app.start();
      await expect(app.use<SmtpMailer>('adapter', 'mailer').send('x@example.org')).rejects.toMatchObject({ kind: 'paused', message: 'adapter:mailer is paused (note: set early)' });
      await app.close();
    });
  });
});
