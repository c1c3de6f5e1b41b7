// Unit tests of TaskScheduler timing with fake timers: delays beyond setTimeout's 2^31-1 ms limit.
import { jest } from '@jest/globals';
import { Oneiric, Task } from '@oneiric/core';
import { ActivityStore } from './activityStore.js';
import { TaskBridge } from './taskBridge.js';
import { TaskScheduler } from './taskScheduler.js';

const DAY = 24 * 60 * 60 * 1000;
const MAX_DELAY = 2 ** 31 - 1;
let runs = 0;

@Task('monthly', 'default', { metadata: { cron: '0 0 1 * *' } })
class Monthly {
  public run(): void {
    runs += 1;
  }
}

@Task('rare', 'default', { metadata: { intervalMs: 30 * DAY } })
class Rare {
  public run(): void {
    runs += 1;
  }
}

let app: Oneiric;
let scheduler: TaskScheduler | undefined;

beforeEach(() => {
  runs = 0;
  jest.useFakeTimers({ now: Date.parse('2025-01-02T00:00:00Z') });
  app = new Oneiric();
});

afterEach(async () => {
  jest.useRealTimers();
  await scheduler?.stop();
  scheduler = undefined;
  await app.close();
});

describe('TaskScheduler', () => {
  describe('start', () => {
    it('waits for a cron run due in more than 2^31-1 ms instead of firing at once (setTimeout overflow)', async () => {
      app.register(Monthly);
      const tasks = new TaskBridge(app, new ActivityStore());
      scheduler = new TaskScheduler(tasks);
      scheduler.start();
      // 2025-02-01 is 30 days away: beyond setTimeout's limit, which fires after 1 ms when exceeded.
      await jest.advanceTimersByTimeAsync(200);
      expect(runs).toBe(0);
      // an intermediate wake-up after 2^31-1 ms (~24.8 days) is before the due time: nothing runs.
      await jest.advanceTimersByTimeAsync(MAX_DELAY);
      expect(runs).toBe(0);
      // at 2025-02-01T00:00:00Z exactly one run.
      jest.setSystemTime(Date.parse('2025-02-01T00:00:00Z') - 1);
      await jest.advanceTimersByTimeAsync(30 * DAY - MAX_DELAY - 200);
      expect(runs).toBe(1);
      expect(tasks.history('monthly')).toHaveLength(1);
    });

    it('waits for an interval longer than 2^31-1 ms instead of running in a tight loop', async () => {
      app.register(Rare);
      const tasks = new TaskBridge(app, new ActivityStore());
      scheduler = new TaskScheduler(tasks);
      scheduler.start();
      await jest.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(0);
      await jest.advanceTimersByTimeAsync(30 * DAY);
      expect(runs).toBe(1);
    });

    it('re-arms without firing when a timer wakes up before the due time (a clock behind the timers)', async () => {
      app.register(Monthly);
      const tasks = new TaskBridge(app, new ActivityStore());
      let clock = Date.parse('2025-01-31T23:59:59Z');
      scheduler = new TaskScheduler(tasks, { now: () => clock });
      scheduler.start();
      // the timer fires after 1 s, but the injected clock has not reached midnight yet: no run.
      await jest.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(0);
      clock = Date.parse('2025-02-01T00:00:00Z');
      // the re-armed timer waits the remaining second of the clock it last read.
      await jest.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(1);
      // the next run is planned from the due time on (March 1st), never the same minute twice.
      await jest.advanceTimersByTimeAsync(5000);
      expect(runs).toBe(1);
    });
  });
});
