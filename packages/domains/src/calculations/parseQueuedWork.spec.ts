import { DomainErrorKind } from '../errors/domainError.js';
import { parseQueuedWork } from './parseQueuedWork.js';

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('parseQueuedWork', () => {
  it('reads the task or workflow run an enqueue wrote', () => {
    expect(parseQueuedWork('task', 'charge', bytes({ kind: 'task', key: 'charge', payload: { order: 1 }, enqueuedAt: 't' }))).toEqual({ kind: 'task', key: 'charge', payload: { order: 1 }, enqueuedAt: 't' });
    expect(parseQueuedWork('workflow', 'settle', bytes({ kind: 'workflow', key: 'settle', version: '2', enqueuedAt: 't' }))).toMatchObject({ version: '2' });
  });

  it('refuses what is not JSON, names another key or kind, or has a bad version, with invalidQueuedWork', () => {
    for (const [domain, key, data] of [
      ['task', 'charge', bytes('{not json')],
      ['task', 'charge', bytes({ kind: 'task', key: 'ship', enqueuedAt: 't' })],
      ['task', 'charge', bytes({ kind: 'workflow', key: 'charge', enqueuedAt: 't' })],
      ['workflow', 'settle', bytes({ kind: 'workflow', key: 'settle', version: 2, enqueuedAt: 't' })],
      ['task', 'charge', bytes('null')],
    ] as const) {
      expect(() => parseQueuedWork(domain, key, data)).toThrow(expect.objectContaining({ kind: DomainErrorKind.invalidQueuedWork }) as Error);
    }
  });
});
