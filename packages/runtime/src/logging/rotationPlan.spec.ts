import { rotationPlan } from './rotationPlan.js';

describe('rotationPlan', () => {
  it('shifts numbered files oldest first and drops the one past the count', () => {
    expect(rotationPlan('/l/app.log', 3)).toEqual({
      remove: '/l/app.log.2',
      renames: [['/l/app.log.1', '/l/app.log.2'], ['/l/app.log', '/l/app.log.1']],
    });
  });

  it('drops the current file when only one is kept', () => {
    expect(rotationPlan('/l/app.log', 1)).toEqual({ remove: '/l/app.log', renames: [] });
  });
});
