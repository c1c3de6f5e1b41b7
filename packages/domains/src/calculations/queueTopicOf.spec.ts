import { queueTopicOf } from './queueTopicOf.js';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

describe('queueTopicOf', () => {
  it('uses the key itself when queue names allow it', () => {
    expect(queueTopicOf('task', 'charge')).toBe('oneiric-task-charge');
    expect(queueTopicOf('workflow', 'nightly_report-2')).toBe('oneiric-workflow-nightly_report-2');
  });

  it('gives keys with dots or colons a valid topic of their own, never shared with a similar key', () => {
    const dotted = queueTopicOf('task', 'billing.charge');
    const coloned = queueTopicOf('task', 'billing:charge');
    expect(dotted).toMatch(QUEUE_NAME);
    expect(coloned).toMatch(QUEUE_NAME);
    expect(new Set([dotted, coloned, queueTopicOf('task', 'billing_charge')]).size).toBe(3);
  });

  it('keeps the longest keys within the queue name limit', () => {
    expect(queueTopicOf('workflow', `a.${'b'.repeat(126)}`)).toMatch(QUEUE_NAME);
    expect(queueTopicOf('workflow', 'c'.repeat(128))).toMatch(QUEUE_NAME);
  });
});
