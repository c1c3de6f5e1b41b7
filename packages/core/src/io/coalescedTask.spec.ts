import { setTimeout as sleep } from 'node:timers/promises';
import { CoalescedTask } from './coalescedTask.js';

/** A task whose runs are counted; each run takes `runMs` and records what `state()` said when it started. */
function countingTask(delayMs: number, state: () => number, runMs = 0) {
  const seen: number[] = [];
  const errors: unknown[] = [];
  const task = new CoalescedTask({
    run: async () => {
      seen.push(state());
      await sleep(runMs);
    },
    delayMs,
    onError: (error) => errors.push(error),
  });
  return { task, seen, errors };
}

describe('CoalescedTask', () => {
  it('runs once for a burst of requests, after the delay, with the latest state', async () => {
    let state = 0;
    const { task, seen } = countingTask(20, () => state);
    for (let change = 1; change <= 5; change += 1) {
      state = change;
      task.request();
    }
    expect(seen).toEqual([]);
    await sleep(60);
    expect(seen).toEqual([5]);
    expect(task.isPending).toBe(false);
  });

  it('runs once more after a run when a request came during it, so the last run sees the last state', async () => {
    let state = 1;
    const { task, seen } = countingTask(0, () => state, 30);
    task.request();
    await sleep(10);
    state = 2;
    task.request();
    task.request();
    await task.flush();
    expect(seen).toEqual([1, 2]);
  });

  it('flush runs a requested run at once, without waiting for the delay', async () => {
    const { task, seen } = countingTask(60_000, () => 7);
    task.request();
    await task.flush();
    expect(seen).toEqual([7]);
  });

  it('flush with nothing requested runs nothing', async () => {
    const { task, seen } = countingTask(0, () => 1);
    await task.flush();
    expect(seen).toEqual([]);
  });

  it('reports a failed run and does not retry it by itself; the next request runs again', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const task = new CoalescedTask({
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('disk full');
      },
      delayMs: 0,
      onError: (error) => errors.push(error),
    });
    task.request();
    // flush reports the failure of the run it waited for, as well as onError.
    await expect(task.flush()).rejects.toThrow('disk full');
    await sleep(20);
    expect(calls).toBe(1);
    expect(errors).toEqual([new Error('disk full')]);
    task.request();
    await task.flush();
    expect(calls).toBe(2);
  });

  it('keeps working when the error reporter itself throws: a request made meanwhile still runs', async () => {
    let calls = 0;
    const task = new CoalescedTask({
      run: async () => {
        calls += 1;
        if (calls === 1) {
          task.request();
          throw new Error('first run fails');
        }
      },
      delayMs: 0,
      onError: () => {
        throw new Error('the reporter fails too');
      },
    });
    task.request();
    await task.flush();
    expect(calls).toBe(2);
    expect(task.isPending).toBe(false);
  });

  it('cancel forgets a requested run that has not started', async () => {
    const { task, seen } = countingTask(10, () => 1);
    task.request();
    task.cancel();
    await sleep(40);
    await task.flush();
    expect(seen).toEqual([]);
  });
});
