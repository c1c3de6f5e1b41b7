// Integration tests of TaskScheduler with real timers: every-second cron, pause, overlap, intervals, config.
import { Oneiric, Task, TimeoutError } from '@oneiric/core';
import { DomainErrorKind } from '../errors/domainError.js';
import { ActivityStore } from './activityStore.js';
import { TaskBridge } from './taskBridge.js';
import { TaskScheduler } from './taskScheduler.js';

let ticks: number[] = [];

@Task('tick', 'default', { metadata: { cron: '* * * * * *' } })
class Tick {
  public run(): number {
    ticks.push(Date.now());
    return ticks.length;
  }
}

let app: Oneiric;
let tasks: TaskBridge;
let scheduler: TaskScheduler | undefined;

beforeEach(() => {
  ticks = [];
  app = new Oneiric();
  app.register(Tick);
  tasks = new TaskBridge(app, new ActivityStore(), { historySize: 3 });
});

afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await app.close();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('TaskScheduler', () => {
  it('runs a task scheduled every second 3 times in about 3 seconds, and not at all while paused', async () => {
    const started = Date.now();
    scheduler = new TaskScheduler(tasks);
    scheduler.start();
    while (ticks.length < 3 && Date.now() - started < 5000) {
      await sleep(20);
    }
    const elapsed = Date.now() - started;
    await scheduler.stop();
    expect(ticks).toHaveLength(3);
    // fires at whole seconds: the third run comes after 2-3 s.
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(3500);
    expect(ticks[1]! - ticks[0]!).toBeGreaterThan(900);
    expect(tasks.history('tick').map((outcome) => outcome.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

    ticks = [];
    await tasks.pause('tick', { note: 'quiet' });
    scheduler = new TaskScheduler(tasks);
    scheduler.start();
    const pausedAt = Date.now();
    while (tasks.history('tick').at(-1)?.status !== 'skipped' && Date.now() - pausedAt < 3000) {
      await sleep(20);
    }
    expect(ticks).toHaveLength(0);
    expect(tasks.history('tick').at(-1)).toMatchObject({ status: 'skipped', error: 'paused', trigger: 'schedule' });
  });

  it('skips a due run while the previous one still runs, and keeps only the last N outcomes', async () => {
    let running = 0;
    let peak = 0;
    @Task('slow', 'default', { metadata: { intervalMs: 20 } })
    class Slow {
      public async run(): Promise<void> {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(70);
        running -= 1;
      }
    }
    app.register(Slow);
    scheduler = new TaskScheduler(tasks);
    scheduler.start();
    await sleep(200);
    await scheduler.stop();
    expect(peak).toBe(1);
    const history = tasks.history('slow');
    expect(history).toHaveLength(3);
    expect(history.some((outcome) => outcome.status === 'skipped' && outcome.error === 'previous run still running')).toBe(true);
  });

  it('takes schedules from configuration over the task declaration', async () => {
    scheduler = new TaskScheduler(tasks, { schedules: { tick: { intervalMs: 15 } } });
    scheduler.start();
    await sleep(100);
    await scheduler.stop();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a second start and a bad cron expression', () => {
    scheduler = new TaskScheduler(tasks);
    scheduler.start();
    // already started: DomainError alreadyStarted.
    expect(() => scheduler!.start()).toThrow(expect.objectContaining({ kind: DomainErrorKind.alreadyStarted }));
    // 61 seconds does not exist: DomainError invalidSchedule before any timer is armed.
    const bad = new TaskScheduler(tasks, { schedules: { tick: { cron: '61 * * * * *' } } });
    expect(() => bad.start()).toThrow(expect.objectContaining({ kind: DomainErrorKind.invalidSchedule }));
  });

  it('runs on demand and records the failure of a task without run()', async () => {
    expect(await tasks.run('tick')).toBe(1);
    @Task('norun', 'default')
    class NoRun {}
    app.register(NoRun);
    // no run(): DomainError missingMethod, recorded as failed.
    await expect(tasks.run('norun')).rejects.toMatchObject({ kind: DomainErrorKind.missingMethod });
    expect(tasks.history('norun')[0]).toMatchObject({ status: 'failed', trigger: 'demand' });
  });
});

describe('TaskScheduler with tasks that hang', () => {
  it('counts a run past its timeoutMs as failed, so the next due run starts instead of being skipped', async () => {
    let started = 0;
    @Task('hang', 'default', { metadata: { intervalMs: 30, timeoutMs: 20 } })
    class Hang {
      public run(): Promise<never> {
        started += 1;
        return new Promise(() => undefined);
      }
    }
    app.register(Hang);
    scheduler = new TaskScheduler(tasks, { stopTimeoutMs: 10 });
    scheduler.start();
    await sleep(250);
    await scheduler.stop();
    // without a time limit the first run held the task forever and every later one was skipped.
    expect(started).toBeGreaterThanOrEqual(3);
    expect(tasks.history('hang').some((outcome) => outcome.status === 'failed' && outcome.error === 'task hang timed out after 20 ms')).toBe(true);
  });

  it('stops within stopTimeoutMs while a run is still in progress', async () => {
    @Task('endless', 'default', { metadata: { intervalMs: 10, timeoutMs: 60_000 } })
    class Endless {
      public run(): Promise<never> {
        return new Promise(() => undefined);
      }
    }
    app.register(Endless);
    scheduler = new TaskScheduler(tasks, { stopTimeoutMs: 50 });
    scheduler.start();
    await sleep(40);
    const stopping = Date.now();
    await scheduler.stop();
    expect(Date.now() - stopping).toBeLessThan(1000);
  }, 5000);
});

describe('TaskBridge', () => {
  describe('run', () => {
    it('rejects a run past the time limit with TimeoutError and records it as failed', async () => {
      @Task('sleepy', 'default')
      class Sleepy {
        public run(): Promise<string> {
          return new Promise((resolve) => setTimeout(() => resolve('late'), 200));
        }
      }
      app.register(Sleepy);
      const bounded = new TaskBridge(app, new ActivityStore(), { timeoutMs: 20 });
      // the bridge-wide default applies to a task without its own timeoutMs: TimeoutError, because 200 ms > 20 ms.
      await expect(bounded.run('sleepy')).rejects.toBeInstanceOf(TimeoutError);
      expect(bounded.history('sleepy')[0]).toMatchObject({ status: 'failed', error: 'task sleepy timed out after 20 ms' });
    });
  });
});

