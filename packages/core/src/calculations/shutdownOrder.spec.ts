import fc from 'fast-check';
import { shutdownOrder, type ShutdownEntry } from './shutdownOrder.js';

const entry = (id: string, activationOrder: number, dependsOn: string[] = []): ShutdownEntry => ({ id, activationOrder, dependsOn });

describe('shutdownOrder', () => {
  describe('without dependencies', () => {
    it('shuts the latest activated down first', () => {
      expect(shutdownOrder([entry('a', 1), entry('b', 3), entry('c', 2)])).toEqual(['b', 'c', 'a']);
    });
  });

  describe('having a service activated before the adapter it injects', () => {
    it('shuts the service down first all the same', () => {
      expect(shutdownOrder([entry('service:checkout', 1, ['adapter:cache']), entry('adapter:cache', 2)])).toEqual(['service:checkout', 'adapter:cache']);
    });
  });

  describe('having a chain and an unrelated key', () => {
    it('keeps the chain in dependency order and places the other by activation', () => {
      const order = shutdownOrder([
        entry('cache', 5),
        entry('repository', 4, ['cache']),
        entry('checkout', 1, ['repository', 'cache']),
        entry('mailer', 3),
      ]);
      expect(order).toEqual(['mailer', 'checkout', 'repository', 'cache']);
    });
  });

  describe('having a cycle', () => {
    it('breaks it by activation order and still returns every id once', () => {
      expect(shutdownOrder([entry('a', 1, ['b']), entry('b', 2, ['a'])])).toEqual(['b', 'a']);
    });
  });

  describe('having a dependency on a key with nothing live', () => {
    it('ignores it', () => {
      expect(shutdownOrder([entry('a', 1, ['gone']), entry('b', 2)])).toEqual(['b', 'a']);
    });
  });

  it('puts every entry before what it depends on when there is no cycle (property)', () => {
    // Acyclic by construction: an entry may only depend on entries with a lower index.
    const graph = fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.array(fc.nat(), { maxLength: 4 })), { minLength: 1, maxLength: 12 })
      .map((rows) => rows.map(([activationOrder, picks], index) => entry(`k${index}`, activationOrder, index === 0 ? [] : picks.map((pick) => `k${pick % index}`))));
    fc.assert(fc.property(graph, (entries) => {
      const order = shutdownOrder(entries);
      expect([...order].sort()).toEqual(entries.map((e) => e.id).sort());
      for (const e of entries) {
        for (const dependency of e.dependsOn) {
          expect(order.indexOf(e.id)).toBeLessThan(order.indexOf(dependency));
        }
      }
    }));
  });
});
