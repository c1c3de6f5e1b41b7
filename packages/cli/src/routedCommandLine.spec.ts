import { parseRoutedCommandLine } from './routedCommandLine.js';

describe('parseRoutedCommandLine', () => {
  describe('given a plain routed command', () => {
    it.each([
      [['status', '--json'], { command: 'status', json: true, domain: 'adapter' }],
      [['status', '--domain', 'Service', '--key', 'mailer'], { command: 'status', json: false, domain: 'service', key: 'mailer' }],
      [['list', '--shadowed', '--domain=event'], { command: 'list', json: false, domain: 'event', shadowed: true }],
      [['health'], { command: 'health', json: false }],
      [['health', '--domain', 'task', '--json'], { command: 'health', json: true, domain: 'task' }],
      [['swap', 'greeter', '--provider', 'french'], { command: 'swap', json: false, domain: 'adapter', key: 'greeter', provider: 'french', force: false }],
      [['swap', '--force', 'greeter', '--json'], { command: 'swap', json: true, domain: 'adapter', key: 'greeter', force: true }],
    ])('reads %j', (argv, expected) => {
      expect(parseRoutedCommandLine(argv)).toEqual(expected);
    });
  });

  describe('given global options before or after the command', () => {
    it('keeps --config and ignores --import (only an in-process copy uses it)', () => {
      expect(parseRoutedCommandLine(['--config', 'settings/app.yaml', '--import', './a.mjs', 'status', '--import=./b.mjs'])).toEqual({
        command: 'status', json: false, domain: 'adapter', config: 'settings/app.yaml',
      });
    });

    it('does not take the value of --config for the command', () => {
      expect(parseRoutedCommandLine(['--config', 'status', 'list'])).toEqual({ command: 'list', json: false, domain: 'adapter', shadowed: false, config: 'status' });
    });
  });

  // Each of these goes to the full commander program, which prints help or its usage error.
  describe('given what only the full program handles', () => {
    it.each([
      [[]],
      [['--help']],
      [['status', '--help']],
      [['-V']],
      [['--version', 'status']],
      [['status', '--local']],
      [['--local', 'swap', 'greeter']],
      [['health', '--probe']],
      [['explain', 'cache']],
      [['pause', 'cache']],
      [['constructor']],
      [['status', '--json', '--json']],
      [['status', '--domain', 'adapter', '--domain', 'service']],
      [['status', '--domain', 'nosuch']],
      [['status', '--domain']],
      [['status', '--key', '--json']],
      [['status', 'extra']],
      [['swap']],
      [['swap', 'a', 'b']],
      [['swap', 'greeter', '--', '--force']],
      [['--json', 'status']],
      [['--domain', 'service', 'status']],
      [['status', '--json=yes']],
      [['status', '--unknown']],
    ])('refuses %j', (argv) => {
      expect(parseRoutedCommandLine(argv)).toBeUndefined();
    });
  });
});
