// Tests of FetchRateLimit with a clock the test moves: the minimum interval between manifest fetches.
import { RemoteErrorKind } from '../errors/remoteError.js';
import { FetchRateLimit } from './fetchRateLimit.js';

describe('FetchRateLimit', () => {
  describe('begin, having a fetch started 400 ms ago and a 1000 ms interval', () => {
    // rateLimited: a caller in a loop must not hammer the remote; the call made no request.
    it('refuses with rateLimited, and the refusal does not push the next allowed time', () => {
      let nowMs = 10_000;
      const limit = new FetchRateLimit(1_000, () => nowMs);
      limit.begin();
      nowMs += 400;

      expect(() => limit.begin()).toThrow(expect.objectContaining({ kind: RemoteErrorKind.rateLimited }));
      nowMs += 600;
      expect(() => limit.begin()).not.toThrow();
    });
  });

  describe('begin, having no interval', () => {
    it('lets every fetch start', () => {
      const limit = new FetchRateLimit(0, () => 5);
      limit.begin();

      expect(() => limit.begin()).not.toThrow();
    });
  });
});
