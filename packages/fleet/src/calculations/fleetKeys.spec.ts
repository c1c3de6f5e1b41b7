import fc from 'fast-check';
import { decodeSegment, defaultBucketName, encodeSegment, instanceKey, isValidBucketName, keyRecordKey, parseFleetKey } from './fleetKeys.js';

describe('fleetKeys', () => {
  describe('encodeSegment', () => {
    it('round-trips any text and only writes characters a KV key token allows', () => {
      fc.assert(fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (text) => {
        const encoded = encodeSegment(text);
        expect(encoded).toMatch(/^[A-Za-z0-9_=-]+$/);
        expect(decodeSegment(encoded)).toBe(text);
      }));
    });

    it('escapes the dot that separates tokens', () => {
      expect(encodeSegment('cache.v2')).toBe('cache=2Ev2');
    });
  });

  describe('parseFleetKey', () => {
    it('reads back the keys it writes', () => {
      expect(parseFleetKey(keyRecordKey('rollout', 'adapter', 'cache.v2'))).toEqual({ kind: 'rollout', domain: 'adapter', key: 'cache.v2' });
      expect(parseFleetKey(instanceKey('host.local-42'))).toEqual({ kind: 'instance', id: 'host.local-42' });
      expect(parseFleetKey('manifest.floor')).toEqual({ kind: 'floor' });
    });

    it('ignores keys of an unknown kind or domain, and malformed escapes', () => {
      expect(parseFleetKey('selection.nodomain.cache')).toBeUndefined();
      expect(parseFleetKey('other.adapter.cache')).toBeUndefined();
      expect(parseFleetKey('selection.adapter.bad=Z1')).toBeUndefined();
    });
  });

  describe('defaultBucketName', () => {
    it('replaces characters a bucket name does not allow', () => {
      expect(defaultBucketName('my shop.eu')).toBe('oneiric_my_shop_eu');
      expect(isValidBucketName(defaultBucketName('my shop.eu'))).toBe(true);
      expect(isValidBucketName('a.b')).toBe(false);
    });
  });
});
