import { createLiveReference } from '../container/liveReference.js';
import type { LiveSlot } from '../models/activeInstance.js';
import { heldLiveReferences } from './heldLiveReferences.js';

const reference = (label: string): object => createLiveReference<object>({ label, active: undefined } as LiveSlot);

describe('heldLiveReferences', () => {
  describe('given an instance with references in its fields', () => {
    it('names each referenced key once, symbol-keyed fields included', () => {
      const cache = reference('adapter:cache');
      const instance = { cache, again: cache, [Symbol('mailer')]: reference('adapter:mailer'), plain: { name: 'x' }, count: 3 };

      expect(heldLiveReferences(instance)).toEqual(['adapter:cache', 'adapter:mailer']);
    });
  });

  describe('given a reference behind a getter or in a #private field', () => {
    it('does not see it and calls no getter', () => {
      let getterCalls = 0;
      class Holder {
        readonly #hidden = reference('adapter:hidden');
        get exposed(): object {
          getterCalls += 1;
          return this.#hidden;
        }
      }
      const instance = Object.defineProperty(new Holder(), 'own', { get: () => { getterCalls += 1; return reference('adapter:own'); } });

      expect(heldLiveReferences(instance)).toEqual([]);
      expect(getterCalls).toBe(0);
    });
  });

  describe('given an instance without references', () => {
    it('is empty', () => {
      expect(heldLiveReferences({ a: 1, b: null, c: undefined })).toEqual([]);
    });
  });
});
