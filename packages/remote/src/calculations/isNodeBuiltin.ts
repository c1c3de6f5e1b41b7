/** Recognises Node built-in modules, which manifest factories may never name. */
import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules.map((name) => name.replace(/^node:/, '')));

/**
 * True when `specifier` names a Node built-in (`fs`, `node:fs`, `fs/promises`, `child_process`, ...), in any case.
 * @category Calculations
 */
export function isNodeBuiltin(specifier: string): boolean {
  const normalised = specifier.trim().toLowerCase();
  const bare = normalised.replace(/^node:/, '');
  return normalised.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(bare.split('/')[0] ?? '');
}
