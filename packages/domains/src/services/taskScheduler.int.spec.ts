// Integration tests of TaskScheduler with real timers: every-second cron, pause, overlap, intervals, config.
import { Oneiric, Task } from '@oneiric/core';
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
