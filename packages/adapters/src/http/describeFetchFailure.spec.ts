import { describeFetchFailure } from './describeFetchFailure.js';

describe('describeFetchFailure', () => {
  it('names the codes of the error and its cause, and the innermost message', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    expect(describeFetchFailure(error)).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)');
  });

  // Before, describeError put cause.message in as it was: a URL in it kept its user name, password and query.
  it('cuts any URL in a message to origin and path, so no credential or query token reaches the message', () => {
    const error = new TypeError('fetch failed', { cause: new Error('redirect to http://bob:Pa55word@host:81/p?token=t0k refused') });
    const text = describeFetchFailure(error);
    expect(text).toContain('http://host:81/p');
    expect(text).not.toMatch(/bob|Pa55word|t0k/);
  });

  it('describes a thrown non-error', () => {
    expect(describeFetchFailure('boom')).toBe('boom');
  });
});
