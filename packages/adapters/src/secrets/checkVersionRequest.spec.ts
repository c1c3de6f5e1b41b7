import { AdapterErrorKind } from '../errors/adapterError.js';
import { checkVersionRequest } from './checkVersionRequest.js';

describe('checkVersionRequest', () => {
  it('answers which of version and stage was named', () => {
    expect(checkVersionRequest({ version: '3' }, 'p')).toEqual({ kind: 'version', value: '3' });
    expect(checkVersionRequest({ stage: 'AWSPREVIOUS' }, 'p')).toEqual({ kind: 'stage', value: 'AWSPREVIOUS' });
  });

  it.each([[{}], [{ version: '1', stage: 'x' }], [{ version: '' }], [{ stage: 'a/b' }], [{ version: 'x'.repeat(129) }]])('refuses %j', (which) => {
    expect(() => checkVersionRequest(which, 'p')).toThrow(expect.objectContaining({ kind: AdapterErrorKind.invalidArgument }));
  });
});
