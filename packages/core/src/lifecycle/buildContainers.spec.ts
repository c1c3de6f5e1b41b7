import 'reflect-metadata';
import { Container, inject, injectable } from 'inversify';
import { PROVIDER_SETTINGS } from '../container/providerSettingsToken.js';
import { candidate } from '../testing/candidate.js';
import { BuildContainers } from './buildContainers.js';

const GREETING = Symbol('greeting');

@injectable()
class Greeter {
  public constructor(@inject(GREETING) public readonly greeting: string, @inject(PROVIDER_SETTINGS) public readonly settings: { readonly name: string }) {}
}

/** A function-factory candidate whose build waits for `gate` before reading its settings. */
function slowCandidate(gate: Promise<void>) {
  return candidate('slow', {
    factory: {
      kind: 'function',
      build: async (context) => {
        await gate;
        return { settings: context.get<{ readonly name: string }>(PROVIDER_SETTINGS) };
      },
    },
  });
}

describe('BuildContainers', () => {
  it('builds a class candidate with its dependencies from the application container and the settings of the build', async () => {
    const parent = new Container();
    parent.bind(GREETING).toConstantValue('hello');
    const containers = new BuildContainers(parent);
    const greeter = candidate('greeter', { factory: { kind: 'class', target: Greeter } });
    const lease = containers.take(greeter);
    const built = await lease.build({ name: 'first' }) as Greeter;
    containers.release(lease);
    expect(built).toBeInstanceOf(Greeter);
    expect(built.greeting).toBe('hello');
    expect(built.settings).toEqual({ name: 'first' });
    // The reused container injects the settings of the next build, not the first one's.
    const again = containers.take(greeter);
    expect(again).toBe(lease);
    expect(((await again.build({ name: 'second' })) as Greeter).settings).toEqual({ name: 'second' });
  });

  it('gives overlapping builds of one candidate their own containers, so each gets its own settings', async () => {
    const containers = new BuildContainers(new Container());
    let open: () => void = () => undefined;
    const slow = slowCandidate(new Promise<void>((resolve) => { open = resolve; }));
    const first = containers.take(slow);
    const second = containers.take(slow);
    expect(second).not.toBe(first);
    const builds = Promise.all([first.build({ name: 'a' }), second.build({ name: 'b' })]);
    open();
    expect(await builds).toEqual([{ settings: { name: 'a' } }, { settings: { name: 'b' } }]);
  });

  it('keeps a container lent to a build out of the pool until it is released', () => {
    const containers = new BuildContainers(new Container());
    const greeter = candidate('greeter');
    const lent = containers.take(greeter);
    expect(containers.take(greeter)).not.toBe(lent);
    containers.release(lent);
    expect(containers.take(greeter)).toBe(lent);
  });

  it('keeps separate containers per candidate', () => {
    const containers = new BuildContainers(new Container());
    const [one, two] = [candidate('one'), candidate('two')];
    const lease = containers.take(one);
    containers.release(lease);
    expect(containers.take(two)).not.toBe(lease);
  });
});
