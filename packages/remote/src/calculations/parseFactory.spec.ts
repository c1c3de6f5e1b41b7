// Tests of parseFactory: the allowlist of module specifiers and the always-blocked Node built-ins.
import { parseFactory } from './parseFactory.js';

const ALLOWLIST = ['@acme/providers', 'acme-extra'];

describe('parseFactory', () => {
  describe('having a Node built-in', () => {
    it.each([
      ['child_process:exec'], ['node:child_process:exec'], ['fs:readFileSync'], ['node:fs:rm'], ['fs/promises:rm'],
      ['vm:runInThisContext'], ['worker_threads:Worker'], ['os:userInfo'], ['process:exit'], ['module:createRequire'],
    ])('refuses %j as blocked, whatever the allowlist says', (factory) => {
      const check = parseFactory(factory, [...ALLOWLIST, 'fs', 'child_process', 'node:fs']);

      expect(check).toMatchObject({ ok: false, blocked: true });
    });
  });

  describe('having a malformed factory', () => {
    it.each([[''], ['nocolon'], [':nomodule'], ['mymodule:'], ['../../evil:hack'], ['mymodule::double'], ['@acme/providers:not-an-identifier'], ['./local:Thing'], ['/abs/path:Thing'], ['@ACME/providers:Upper']])(
      'refuses %j as not module-specifier:exportName',
      (factory) => {
        expect(parseFactory(factory, ALLOWLIST)).toMatchObject({ ok: false, blocked: false });
      },
    );
  });

  describe('parseFactory, having a specifier that walks out of an allowlisted package', () => {
    it.each([
      ['opossum/../../../../tmp/evil.mjs:Evil'], ['opossum/./lib:Evil'], ['opossum/%2e%2e/x:Evil'], ['opossum//x:Evil'],
      ['file:///tmp/evil.mjs:Evil'], ['opossum\\..\\x:Evil'], ['/opossum:Evil'],
    ])('refuses %j, because the allowlist names packages, not paths', (factory) => {
      expect(parseFactory(factory, ['opossum'])).toMatchObject({ ok: false, blocked: false });
    });
  });

  describe('having a well-formed factory', () => {
    it('accepts the allowlisted module and modules below it', () => {
      expect(parseFactory('@acme/providers:Redis', ALLOWLIST)).toEqual({ ok: true, reference: { specifier: '@acme/providers', exportName: 'Redis' } });
      expect(parseFactory('@acme/providers/cache : Redis', ALLOWLIST)).toMatchObject({ ok: true, reference: { specifier: '@acme/providers/cache' } });
    });

    it('refuses modules outside the allowlist, including names that merely share a prefix', () => {
      expect(parseFactory('@acme/providers-evil:Redis', ALLOWLIST)).toMatchObject({ ok: false, reason: expect.stringContaining('allowlist') as unknown });
      expect(parseFactory('lodash:get', ALLOWLIST)).toMatchObject({ ok: false });
    });

    it('refuses everything when the allowlist is empty', () => {
      expect(parseFactory('@acme/providers:Redis', [])).toMatchObject({ ok: false });
    });
  });
});
