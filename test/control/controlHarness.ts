// A real control server on a real Unix socket in a temp directory, around a small real application.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Action, Adapter, EventHandler, Oneiric, Service, Task, Workflow, ConfigError, ConfigErrorKind } from '@oneiric/core';
import { createDomainBridges, type DomainBridges, type EventEnvelope } from '@oneiric/domains';
import { ControlClient } from '@oneiric/runtime/client';
import type { FastifyInstance } from 'fastify';
import { IsDefined } from 'class-validator';
import { createControlServer } from '../../packages/runtime/src/control/createControlServer.js';
import type { ControlServerOptions } from '../../packages/runtime/src/control/controlServerOptions.js';
import type { ControlTarget } from '../../packages/runtime/src/control/controlTarget.js';
import type { HealthSnapshot } from '../../packages/runtime/src/models/healthSnapshot.js';

/** The cache every test application uses: answers which provider served it. */
export interface Cache {
  get(name: string): string;
}

@Adapter('cache', 'redis', 400)
class RedisLikeCache implements Cache {
  public get(name: string): string {
    return `redis:${name}`;
  }
}

@Adapter('cache', 'memory', 100)
class MemoryCache implements Cache {
  public get(name: string): string {
    return `memory:${name}`;
  }
}

/** A provider whose health check fails: a swap to it is refused unless forced. */
@Adapter('cache', 'broken', 10)
class BrokenCache implements Cache {
  public health(): boolean {
    return false;
  }
  public get(): string {
    return 'broken';
  }
}

@Service('greeter', 'default')
class Greeter {
  public greet(name: string): string {
    return `hello ${name}`;
  }
}

@EventHandler('audit', 'default', { metadata: { topics: ['user.created'] } })
class AuditHandler {
  public handle(event: EventEnvelope<{ id: number }>): string {
    return `audited ${event.payload.id}`;
  }
}

/** Gate of the flaky task: while true the task fails, so a workflow run stops with a checkpoint. */
export const flaky = { isFailing: false };

@Task('step', 'default')
class Step {
  public run(payload: unknown): string {
    return `step ${JSON.stringify(payload ?? null)}`;
  }
}

@Task('flaky', 'default')
class Flaky {
  public run(): string {
    if (flaky.isFailing) {
      throw new Error('flaky task failed');
    }
    return 'flaky ok';
  }
}

@Workflow('pipeline', 'default', { metadata: { version: '1', nodes: [{ id: 'first', task: 'step' }, { id: 'second', task: 'flaky', dependsOn: ['first'], retry: { attempts: 1 } }] } })
class Pipeline {}

class EchoPayload {
  @IsDefined()
  public value: unknown = undefined;
}

@Action('echo', 'default')
class Echo {
  public readonly payloadType = EchoPayload;
  public execute(payload: EchoPayload): unknown {
    return { echoed: payload.value };
  }
}

/** Holds every run of the `slow` action until the test calls `release()`. */
export const slowGate = {
  /** Runs that reached the gate. */
  entered: 0,
  release: (): void => undefined,
  opened: Promise.resolve(),
  close(): void {
    this.opened = new Promise<void>((resolve) => {
      this.release = resolve;
    });
  },
};

@Action('slow', 'default')
class SlowAction {
  public readonly payloadType = EchoPayload;
  public async execute(payload: EchoPayload): Promise<unknown> {
    slowGate.entered += 1;
    await slowGate.opened;
    return { done: payload.value };
  }
}

/** One audit line as the target received it. */
export interface AuditLine {
  readonly action: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Everything a control test needs, and how to stop it. */
export interface ControlHarness {
  readonly app: Oneiric;
  readonly bridges: DomainBridges;
  /** What the routes act on; its audit lines go to `auditLines`. */
  readonly target: ControlTarget;
  readonly server: FastifyInstance;
  readonly client: ControlClient;
  readonly socketPath: string;
  readonly cacheDir: string;
  readonly auditLines: AuditLine[];
  /** What `/readyz` answers; tests flip it. */
  readonly readiness: { isReady: boolean };
  stop(): Promise<void>;
}

/** Starts an application, its bridges and a control server listening on a socket in a temp dir. */
export async function startControlHarness(overrides: Partial<ControlServerOptions> = {}): Promise<ControlHarness> {
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'oneiric-control-'));
  const app = new Oneiric();
  app.register(RedisLikeCache, MemoryCache, BrokenCache, Greeter, AuditHandler, Step, Flaky, Pipeline, Echo, SlowAction);
  await app.start();
  const bridges = await createDomainBridges(app, { cacheDir, activityPollMs: 100 });
  const auditLines: AuditLine[] = [];
  const readiness = { isReady: true };
  const target = testTarget(app, bridges, auditLines, readiness);
  const server = createControlServer(target, {
    surface: 'socket',
    requestTimeoutMs: 2_000,
    hooks: { alive: () => true, ready: () => readiness.isReady, metricsText: async () => '# HELP oneiric_test_total test\n# TYPE oneiric_test_total counter\noneiric_test_total 1\n' },
    ...overrides,
  });
  const socketPath = path.join(cacheDir, 'control.sock');
  await server.listen({ path: socketPath });
  const client = new ControlClient({ socketPath, timeoutMs: 5_000 });
  return {
    app, bridges, target, server, client, socketPath, cacheDir, auditLines, readiness,
    stop: async () => {
      await server.close();
      await bridges.close();
      await app.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

function testTarget(app: Oneiric, bridges: DomainBridges, auditLines: AuditLine[], readiness: { isReady: boolean }): ControlTarget {
  const startedAt = new Date().toISOString();
  return {
    app,
    bridges,
    profile: 'default',
    syncRemote: async () => {
      throw new ConfigError(ConfigErrorKind.invalidField, 'no remote is configured (remote.enabled is false)', { field: 'remote.enabled' });
    },
    remoteStatus: async () => undefined,
    rotateSecrets: async () => ({ rotated: ['db_password'] }),
    plugins: () => ({ enabled: false, plugins: [] }),
    health: (): HealthSnapshot => ({
      pid: process.pid, startedAt, updatedAt: new Date().toISOString(), profile: 'default', phase: 'running',
      ready: readiness.isReady, keys: [], remote: { enabled: false }, watchers: [],
    }),
    audit: (action, detail) => {
      auditLines.push({ action, detail });
    },
  };
}
