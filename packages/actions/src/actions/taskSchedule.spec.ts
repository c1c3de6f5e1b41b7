// task.schedule: cron conformance (leap days, day-of-month/day-of-week OR, */n steps, 0 and 7 as Sunday, seconds) and interval planning.
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { TaskSchedule } from './taskSchedule.js';

const action = new TaskSchedule();
const runs = async (cron: string, from: string, previews = 3): Promise<readonly string[]> =>
  (await invoke(action, { cron, from, previews })).upcomingRuns;

describe('TaskSchedule.execute', () => {
  describe('having cron expressions', () => {
    it('finds February 29 only in leap years', async () => {
      expect(await runs('0 0 29 2 *', '2025-01-01T00:00:00Z', 2)).toEqual(['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']);
    });

    it('ORs day of month and day of week when both are restricted', async () => {
      // The 13th, or any Friday: Fri 2026-02-06, Fri 02-13 (both), Fri 02-20.
      expect(await runs('0 12 13 * 5', '2026-02-01T00:00:00Z', 3)).toEqual(['2026-02-06T12:00:00.000Z', '2026-02-13T12:00:00.000Z', '2026-02-20T12:00:00.000Z']);
    });

    it('steps with */n from the start of the field', async () => {
      expect(await runs('*/20 * * * *', '2026-01-01T10:05:00Z', 3)).toEqual(['2026-01-01T10:20:00.000Z', '2026-01-01T10:40:00.000Z', '2026-01-01T11:00:00.000Z']);
    });

    it('takes both 0 and 7 as Sunday', async () => {
      const sunday = ['2026-01-04T08:00:00.000Z', '2026-01-11T08:00:00.000Z'];
      expect(await runs('0 8 * * 0', '2026-01-01T00:00:00Z', 2)).toEqual(sunday);
      expect(await runs('0 8 * * 7', '2026-01-01T00:00:00Z', 2)).toEqual(sunday);
    });

    it('reads a sixth leading field as seconds', async () => {
      expect(await runs('*/15 * * * * *', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-01T00:00:15.000Z', '2026-01-01T00:00:30.000Z', '2026-01-01T00:00:45.000Z']);
    });

    it('keeps runs inside the window and stops at maxRuns', async () => {
      const result = await invoke(action, { cron: '0 * * * *', from: '2026-01-01T00:00:00Z', startAt: '2026-01-01T05:30:00Z', endAt: '2026-01-01T08:00:00Z', previews: 10 });
      expect(result.upcomingRuns).toEqual(['2026-01-01T06:00:00.000Z', '2026-01-01T07:00:00.000Z']);
      const limited = await invoke(action, { cron: '0 * * * *', from: '2026-01-01T00:00:00Z', maxRuns: 1, previews: 5 });
      expect(limited.upcomingRuns).toHaveLength(1);
      await expect(invoke(action, { cron: '0 * * * *', maxRuns: 0 })).resolves.toMatchObject({ status: 'exhausted', nextRun: null });
    });

    it('plans in a time zone', async () => {
      // 09:00 in Paris is 08:00 UTC in winter.
      expect((await invoke(action, { cron: '0 9 * * *', timezone: 'Europe/Paris', from: '2026-01-10T00:00:00Z', previews: 1 })).nextRun).toBe('2026-01-10T08:00:00.000Z');
    });

    it('reports a date that never comes as exhausted', async () => {
      await expect(invoke(action, { cron: '0 0 31 2 *', from: '2026-01-01T00:00:00Z' })).resolves.toMatchObject({ status: 'exhausted', upcomingRuns: [] });
    });
  });

  it('plans intervals on a grid anchored at the window start', async () => {
    const result = await invoke(action, { intervalSeconds: 600, startAt: '2026-01-01T00:00:00Z', from: '2026-01-01T00:25:00Z', previews: 2, payload: { job: 'sync' } });
    expect(result).toMatchObject({ status: 'scheduled', rule: { type: 'interval', intervalSeconds: 600 }, upcomingRuns: ['2026-01-01T00:30:00.000Z', '2026-01-01T00:40:00.000Z'], payload: { job: 'sync' } });
  });

  it.each([
    [{ cron: '* * * *' }, 'four fields'],
    [{ cron: '61 * * * *' }, 'minute out of range'],
    [{ cron: '0 * * * *', timezone: 'Mars/Olympus' }, 'unknown time zone'],
    [{ cron: '0 * * * *', intervalSeconds: 5 }, 'both rules'],
    [{}, 'no rule'],
    [{ intervalSeconds: 5, startAt: '2026-01-02T00:00:00Z', endAt: '2026-01-01T00:00:00Z' }, 'a window ending before it starts'],
  ] as ReadonlyArray<readonly [Record<string, unknown>, string]>)('refuses %j (%s) with invalidPayload', async (payload, _why) => {
    expect((await actionErrorOf(invoke(action, payload))).kind).toBe(ActionErrorKind.invalidPayload);
  });
});
