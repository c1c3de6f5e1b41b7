// Tests of planSync: changed and new entries are registered, identical ones kept, unlisted ones retracted.
import { planSync } from './planSync.js';

describe('planSync', () => {
  it('splits the new entries by comparison with the previous fingerprints', () => {
    const previous = new Map([['a', '1'], ['b', '2'], ['gone', '3']]);
    const plan = planSync(previous, [{ id: 'a', fingerprint: '1' }, { id: 'b', fingerprint: '2-changed' }, { id: 'new', fingerprint: '4' }]);

    expect(plan.unchanged.map((entry) => entry.id)).toEqual(['a']);
    expect(plan.register.map((entry) => entry.id)).toEqual(['b', 'new']);
    expect(plan.retract).toEqual(['gone']);
  });

  it('registers everything the first time', () => {
    expect(planSync(new Map(), [{ id: 'a', fingerprint: '1' }])).toEqual({ register: [{ id: 'a', fingerprint: '1' }], unchanged: [], retract: [] });
  });
});
