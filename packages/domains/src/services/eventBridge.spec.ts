// Unit tests of EventBridge: envelopes, handler selection, failures of any type, retries, fan-out and maxConcurrency.
import { IsUrl } from 'class-validator';
import { EventHandler, LifecycleError, LifecycleErrorKind, Oneiric, type OneiricLogger } from '@oneiric/core';
import type { EventEnvelope } from '../models/eventEnvelope.js';
import type { EventHandlerMetadata } from '../models/eventHandlerMetadata.js';
import { ActivityStore } from './activityStore.js';
import { EventBridge } from './eventBridge.js';

const calls: string[] = [];
const meta = (metadata: EventHandlerMetadata): { metadata: Readonly<Record<string, unknown>> } => ({ metadata: metadata as Record<string, unknown> });

@EventHandler('mailer', 'default', { priority: 5, ...meta({ topics: ['user.created'] }) })
class Mailer {
  public handle(envelope: EventEnvelope): string {
    calls.push('mailer');
    return `mail ${String((envelope.payload as { id: number }).id)}`;
  }
}

@EventHandler('audit', 'default', { priority: 1 })
class Audit {
  public async handle(envelope: EventEnvelope): Promise<string> {
    calls.push('audit');
    return `audit ${envelope.topic}`;
  }
}

@EventHandler('pro-only', 'default', meta({ topics: ['user.created'], eventPriority: 50, filters: [{ path: 'payload.plan', anyOf: ['pro'] }] }))
class ProOnly {
  public handle(): string {
    calls.push('pro');
    return 'pro';
  }
}

let app: Oneiric;
let events: EventBridge;

function bridge(...classes: Array<new () => object>): EventBridge {
  app = new Oneiric();
  app.register(...classes);
  events = new EventBridge(app, new ActivityStore(), { source: 'tests' });
  return events;
}

beforeEach(() => {
  calls.length = 0;
});

afterEach(async () => {
  await events.close();
  await app.close();
});

describe('EventBridge', () => {
  describe('envelope', () => {
    it('carries a UUID event id, a UTC ISO timestamp, the source, and correlation/causation ids', () => {
      const envelope = bridge().envelope('t', { a: 1 }, { correlationId: 'c1', causationId: 'e0' });
      expect(envelope.headers.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(envelope.headers.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(envelope.headers).toMatchObject({ source: 'tests', correlationId: 'c1', causationId: 'e0' });
      expect(events.envelope('t', {}).headers.eventId).not.toBe(envelope.headers.eventId);
    });

    it('lets the emitter override generated headers', () => {
      expect(bridge().envelope('t', {}, { source: 'billing' }).headers.source).toBe('billing');
    });
  });

  describe('dispatch', () => {
    it('returns [] when no handler exists', async () => {
      await expect(bridge().dispatch('nothing', {})).resolves.toEqual([]);
    });

    it('fans out to every matching key in priority order, one result per handler', async () => {
      const results = await bridge(Audit, Mailer, ProOnly).dispatch('user.created', { id: 7, plan: 'pro' });
      expect(results.map((result) => result.handler)).toEqual(['pro-only:default', 'mailer:default', 'audit:default']);
      expect(results.every((result) => result.success && result.attempts === 1 && result.durationMs >= 0)).toBe(true);
      expect(results[1]?.value).toBe('mail 7');
    });

    it('skips handlers of other topics and handlers whose filters miss, without blocking the others', async () => {
      const results = await bridge(Audit, Mailer, ProOnly).dispatch('user.created', { id: 1, plan: 'free' });
      expect(results.map((result) => result.handler)).toEqual(['mailer:default', 'audit:default']);
      const other = await events.dispatch('order.paid', {});
      expect(other.map((result) => result.handler)).toEqual(['audit:default']);
    });

    it('turns failures of any type into failed results and still runs the others', async () => {
      @EventHandler('throws-error', 'default')
      class ThrowsError { public handle(): never { throw new Error('boom'); } }
      @EventHandler('throws-string', 'default')
      class ThrowsString { public async handle(): Promise<never> { throw 'a string'; } }
      @EventHandler('throws-lifecycle', 'default')
      class ThrowsLifecycle { public handle(): never { throw new LifecycleError(LifecycleErrorKind.healthFailed, 'unhealthy'); } }
      @EventHandler('throws-custom', 'default')
      class ThrowsCustom { public handle(): never { throw new (class KeyboardInterrupt extends Error {})('interrupted'); } }
      @EventHandler('no-handle', 'default')
      class NoHandle {}
      const results = await bridge(ThrowsError, ThrowsString, ThrowsLifecycle, ThrowsCustom, NoHandle, Audit).dispatch('x', {});
      const byName = Object.fromEntries(results.map((result) => [result.handler, result]));
      expect(byName['throws-error:default']).toMatchObject({ success: false, error: 'boom' });
      expect(byName['throws-string:default']).toMatchObject({ success: false, error: 'a string' });
      expect(byName['throws-lifecycle:default']).toMatchObject({ success: false, error: 'unhealthy' });
      expect(byName['throws-custom:default']).toMatchObject({ success: false, error: 'interrupted' });
      // no handle(): DomainError missingMethod as that handler's failed result.
      expect(byName['no-handle:default']).toMatchObject({ success: false, error: 'Event handler no-handle:default has no handle() method' });
      expect(byName['audit:default']).toMatchObject({ success: true });
    });

    it('reports a handler throwing an object without a prototype as a failed result, never rejecting', async () => {
      @EventHandler('bare', 'default')
      class Bare { public handle(): never { throw Object.create(null) as Error; } }
      @EventHandler('bare-async', 'default')
      class BareAsync { public async handle(): Promise<never> { throw Object.create(null) as Error; } }
      bridge(Bare, BareAsync, Audit);
      // not live yet (general path), then live (fast path): String() of such an object throws.
      for (let round = 0; round < 2; round += 1) {
        const results = await events.dispatch('x', {});
        const byName = Object.fromEntries(results.map((result) => [result.handler, result]));
        expect(byName['bare:default']).toMatchObject({ success: false, error: '[object Object]' });
        expect(byName['bare-async:default']).toMatchObject({ success: false, error: '[object Object]' });
        expect(byName['audit:default']).toMatchObject({ success: true });
        await app.start();
      }
    });

    it('treats a retry.attempts that is not a number as one attempt, with a warning naming the provider', async () => {
      const warnings: Array<{ message: string; context: unknown }> = [];
      const logger = { warn: (message: string, context: unknown) => warnings.push({ message, context }), error: () => undefined, info: () => undefined, debug: () => undefined } as unknown as OneiricLogger;
      let tries = 0;
      @EventHandler('sloppy', 'default', { metadata: { retry: { attempts: 'three', baseDelayMs: 0 } } })
      class Sloppy { public handle(): never { tries += 1; throw new Error('always'); } }
      app = new Oneiric();
      app.register(Sloppy);
      events = new EventBridge(app, new ActivityStore(), { logger });
      // 'three' became NaN and retried forever: now the default of one attempt.
      const [result] = await events.dispatch('x', {});
      expect(result).toMatchObject({ success: false, attempts: 1 });
      expect(tries).toBe(1);
      expect(warnings.find((entry) => entry.message.includes('invalid fields'))?.context).toMatchObject({ key: 'sloppy', provider: 'default', fields: 'retry.attempts' });
      expect(events.handlers()[0]?.retry).toEqual({ attempts: 1, baseDelayMs: 0, maxDelayMs: 30_000, jitter: 0.25 });
    }, 3000);

    it('clamps out-of-range retry numbers', async () => {
      @EventHandler('greedy', 'default', meta({ retry: { attempts: 1e9, baseDelayMs: -5, jitter: 7 } }))
      class Greedy { public handle(): void {} }
      expect(bridge(Greedy).handlers()[0]?.retry).toEqual({ attempts: 100, baseDelayMs: 0, maxDelayMs: 30_000, jitter: 1 });
    });

    it('fails a call past its timeoutMs, retries it per the policy, and frees its slot', async () => {
      let tries = 0;
      @EventHandler('hangs', 'default', meta({ timeoutMs: 20, retry: { attempts: 2, baseDelayMs: 1, jitter: 0 } }))
      class Hangs {
        public async handle(): Promise<string> {
          tries += 1;
          if (tries % 2 === 1) {
            await new Promise(() => undefined);
          }
          return 'ok';
        }
      }
      bridge(Hangs);
      // general path (not live), then fast path (live): the hung first attempt times out, the retry succeeds.
      expect((await events.dispatch('x', {}))[0]).toMatchObject({ success: true, value: 'ok', attempts: 2 });
      await app.start();
      expect((await events.dispatch('x', {}))[0]).toMatchObject({ success: true, value: 'ok', attempts: 2 });
      // maxConcurrency 1: the timed-out calls still hang, yet their slots were given back.
      expect((await events.dispatch('x', {}))[0]).toMatchObject({ success: true, attempts: 2 });
    });

    it('reports a call past its timeoutMs without retries as failed, naming the timeout', async () => {
      @EventHandler('stuck', 'default', meta({ timeoutMs: 10 }))
      class Stuck { public handle(): Promise<never> { return new Promise(() => undefined); } }
      @EventHandler('plain', 'default')
      class Plain { public handle(): void {} }
      const results = await bridge(Stuck, Plain).dispatch('x', {});
      expect(results.find((result) => result.handler === 'stuck:default')).toMatchObject({ success: false, attempts: 1, error: 'event handler stuck:default timed out after 10 ms' });
      const timeouts = Object.fromEntries(events.handlers().map((handler) => [handler.name, handler.timeoutMs]));
      expect(timeouts).toEqual({ 'stuck:default': 10, 'plain:default': 30_000 });
    });

    it('retries per the handler policy and reports the attempts', async () => {
      let tries = 0;
      @EventHandler('flaky', 'default', meta({ retry: { attempts: 3, baseDelayMs: 1, jitter: 0 } }))
      class Flaky {
        public handle(): string {
          tries += 1;
          if (tries < 2) {
            throw new Error('first try fails');
          }
          return 'ok';
        }
      }
      const [result] = await bridge(Flaky).dispatch('x', {});
      expect(result).toMatchObject({ success: true, value: 'ok', attempts: 2 });
    });

    it('calls a failing handler without retries exactly once, also when it is already live', async () => {
      let calls = 0;
      @EventHandler('once', 'default')
      class Once { public handle(): never { calls += 1; throw new Error('no'); } }
      bridge(Once);
      await events.dispatch('x', {});
      const [result] = await events.dispatch('x', {});
      expect(result).toMatchObject({ success: false, error: 'no', attempts: 1 });
      expect(calls).toBe(2);
    });

    it('retries an async handler rejecting on its first attempt', async () => {
      let tries = 0;
      @EventHandler('async-flaky', 'default', meta({ retry: { attempts: 2, baseDelayMs: 1, jitter: 0 } }))
      class AsyncFlaky {
        public async handle(): Promise<number> {
          tries += 1;
          if (tries === 1) {
            throw new Error('first');
          }
          return tries;
        }
      }
      bridge(AsyncFlaky);
      await app.start();
      const [result] = await events.dispatch('x', {});
      expect(result).toMatchObject({ success: true, value: 2, attempts: 2 });
    });

    it('gives up after the last attempt with the last error', async () => {
      @EventHandler('broken', 'default', meta({ retry: { attempts: 2, baseDelayMs: 1, jitter: 0 } }))
      class Broken { public handle(): never { throw new Error('always'); } }
      const [result] = await bridge(Broken).dispatch('x', {});
      expect(result).toMatchObject({ success: false, error: 'always', attempts: 2 });
    });

    it('runs only the highest-priority exclusive handler', async () => {
      @EventHandler('exclusive-low', 'default', meta({ fanout: 'exclusive', eventPriority: 1 }))
      class ExclusiveLow { public handle(): string { return 'low'; } }
      @EventHandler('exclusive-high', 'default', meta({ fanout: 'exclusive', eventPriority: 9 }))
      class ExclusiveHigh { public handle(): string { return 'high'; } }
      const results = await bridge(ExclusiveLow, Audit, ExclusiveHigh).dispatch('x', {});
      expect(results).toEqual([expect.objectContaining({ handler: 'exclusive-high:default', value: 'high' })]);
    });

    it('re-reads handlers after a later registration (priority fallback to the candidate priority)', async () => {
      await bridge(Audit).dispatch('user.created', { id: 1 });
      app.register(Mailer);
      const results = await events.dispatch('user.created', { id: 2 });
      expect(results.map((result) => result.handler)).toEqual(['mailer:default', 'audit:default']);
    });

    it('follows swaps of a key between events, reaching each new instance (the fast path caches per instance)', async () => {
      let built = 0;
      @EventHandler('notifier', 'sms', { priority: 10, ...meta({ topics: ['order.paid'] }) })
      class SmsNotifier {
        readonly #instance = (built += 1);
        public handle(): string {
          return `sms#${this.#instance}`;
        }
      }
      @EventHandler('notifier', 'email', { priority: 1, ...meta({ topics: ['order.paid'] }) })
      class EmailNotifier {
        public handle(): string {
          return 'email';
        }
      }
      bridge(SmsNotifier, EmailNotifier);
      await app.start();
      const values = async (): Promise<unknown[]> => (await events.dispatch('order.paid', {})).map((result) => result.value);

      expect(await values()).toEqual(['sms#1']);
      await app.select('event', 'notifier', 'email');
      expect(await values()).toEqual(['email']);
      // Back to sms: a new instance, which the next event must reach (the first one was retired).
      await app.select('event', 'notifier', 'sms');
      expect(await values()).toEqual(['sms#2']);
    });

    it('refuses a paused key with a failed result naming the state, and runs the others', async () => {
      bridge(Audit, Mailer);
      await events.pause('mailer', { note: 'smtp down' });
      const results = await events.dispatch('user.created', { id: 1 });
      expect(results[0]).toMatchObject({ handler: 'mailer:default', success: false, error: 'event:mailer is paused (note: smtp down)' });
      expect(results[1]).toMatchObject({ handler: 'audit:default', success: true });
    });
  });

  describe('fan-out across the providers of one key', () => {
    it('runs every provider that declares fanOut, besides the winner', async () => {
      @EventHandler('notify', 'email', { priority: 10, ...meta({ fanOut: true }) })
      class Email { public handle(): string { return 'email'; } }
      @EventHandler('notify', 'sms', { priority: 5, ...meta({ fanOut: true }) })
      class Sms { public handle(): string { return 'sms'; } }
      @EventHandler('notify', 'pager', { priority: 1 })
      class Pager { public handle(): string { return 'pager'; } }
      const results = await bridge(Email, Sms, Pager).dispatch('x', {});
      expect(results.map((result) => result.value)).toEqual(['email', 'sms']);
    });

    // Built and disposed of as core builds and disposes of a key's winner, not by a copy of its own.
    it('builds a fan-out instance with its settings and init, and disposes of it with close() when the bridge closes', async () => {
      const seen: string[] = [];
      @EventHandler('notify', 'email', { priority: 10, ...meta({ fanOut: true }) })
      class Email { public handle(): string { return 'email'; } }
      class WebhookSettings {
        @IsUrl({ require_tld: false }) public url!: string;
      }
      @EventHandler('notify', 'webhook', { priority: 5, settings: WebhookSettings, ...meta({ fanOut: true }) })
      class Webhook {
        public init(settings: object): void { seen.push(`init ${JSON.stringify(settings)}`); }
        public handle(): string { return 'webhook'; }
        public close(): void { seen.push('close'); }
      }
      app = new Oneiric({ providerSettings: (candidate) => ({ plain: { url: `https://hooks.test/${candidate.provider}` }, path: `events.provider_settings.${candidate.provider}` }) });
      app.register(Email, Webhook);
      events = new EventBridge(app, new ActivityStore(), { source: 'tests' });

      await events.dispatch('x', {});
      await events.dispatch('x', {});
      await events.close();

      expect(seen).toEqual(['init {"url":"https://hooks.test/webhook"}', 'close']);
    });

    it('fails the fan-out handler (and not the winner) when its init outlives the activation timeout', async () => {
      @EventHandler('notify', 'email', { priority: 10, ...meta({ fanOut: true }) })
      class Email { public handle(): string { return 'email'; } }
      @EventHandler('notify', 'stuck', { priority: 5, ...meta({ fanOut: true, retry: { attempts: 1 } }) })
      class Stuck {
        public init(): Promise<void> { return new Promise(() => undefined); }
        public handle(): string { return 'stuck'; }
      }
      app = new Oneiric({ timeouts: { activationTimeoutMs: 50 } });
      app.register(Email, Stuck);
      events = new EventBridge(app, new ActivityStore(), { source: 'tests' });

      const results = await events.dispatch('x', {});

      expect(results[0]).toMatchObject({ handler: 'notify:email', success: true });
      expect(results[1]).toMatchObject({ handler: 'notify:stuck', success: false, error: 'init of event:notify (stuck) timed out after 50 ms' });
    });
  });

  describe('maxConcurrency', () => {
    it('makes a call beyond the limit wait for a free slot instead of running', async () => {
      let running = 0;
      let peak = 0;
      const releases: Array<() => void> = [];
      @EventHandler('slow', 'default', meta({ maxConcurrency: 2 }))
      class Slow {
        public async handle(): Promise<void> {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise<void>((resolve) => releases.push(resolve));
          running -= 1;
        }
      }
      bridge(Slow);
      // Activated first, so the timing below measures waiting for slots, not activation.
      await app.start();
      const dispatches = [events.dispatch('x', {}), events.dispatch('x', {}), events.dispatch('x', {})];
      await new Promise((resolve) => setTimeout(resolve, 20));
      // two run, the third waits: it has not started.
      expect(running).toBe(2);
      expect(releases).toHaveLength(2);
      releases.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(releases).toHaveLength(2);
      releases.splice(0).forEach((release) => release());
      await new Promise((resolve) => setTimeout(resolve, 20));
      releases.splice(0).forEach((release) => release());
      const results = await Promise.all(dispatches);
      expect(results.flat().every((result) => result.success)).toBe(true);
      expect(peak).toBe(2);
    });

    it('defaults to one call at a time', async () => {
      let running = 0;
      let peak = 0;
      @EventHandler('single', 'default')
      class Single {
        public async handle(): Promise<void> {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }
      }
      bridge(Single);
      await Promise.all([events.dispatch('x', {}), events.dispatch('x', {}), events.dispatch('x', {})]);
      expect(peak).toBe(1);
    });
  });
});
