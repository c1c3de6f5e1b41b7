import { declaredProvidersModule, exportedTarget, pluginCandidates } from './pluginManifest.js';

describe('pluginCandidates', () => {
  it('takes every dependency, sorted, with auto_load, and only the listed packages without', () => {
    const application = { dependencies: { zeta: '1', alpha: '1' }, optionalDependencies: { beta: '1' } };
    expect(pluginCandidates(application, true, ['extra'])).toEqual(['alpha', 'beta', 'extra', 'zeta']);
    expect(pluginCandidates(application, false, ['zeta', 'zeta', 'gamma'])).toEqual(['zeta', 'gamma']);
  });
});

describe('declaredProvidersModule', () => {
  it('reads the path form and the object form, and nothing from a package without the field', () => {
    expect(declaredProvidersModule({ oneiric: './dist/providers.js' }, 'p')).toBe('./dist/providers.js');
    expect(declaredProvidersModule({ oneiric: { providers: './providers' } }, 'p')).toBe('./providers');
    expect(declaredProvidersModule({}, 'p')).toBeUndefined();
  });

  it.each([[true], ['dist/providers.js'], ['/etc/passwd'], ['./a/../../b.js'], [{ providers: 3 }]])('refuses %j as invalidManifest', (field) => {
    expect(() => declaredProvidersModule({ oneiric: field }, 'p')).toThrow(expect.objectContaining({ kind: 'invalidManifest' }));
  });
});

describe('exportedTarget', () => {
  it('follows import, then node, then default conditions, nested', () => {
    const manifest = { exports: { './providers': { require: './p.cjs', node: { import: './p.mjs' } }, './x': { default: './x.js' } } };
    expect(exportedTarget(manifest, './providers')).toBe('./p.mjs');
    expect(exportedTarget(manifest, './x')).toBe('./x.js');
    expect(exportedTarget(manifest, './missing')).toBeUndefined();
  });

  it('treats string and conditions-only exports as the package root', () => {
    expect(exportedTarget({ exports: './index.js' }, '.')).toBe('./index.js');
    expect(exportedTarget({ exports: { import: './index.mjs' } }, '.')).toBe('./index.mjs');
    expect(exportedTarget({ exports: './index.js' }, './providers')).toBeUndefined();
  });
});
