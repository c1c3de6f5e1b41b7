// Unit tests of ActionBridge: payload validation against the action's class, typed results, contract errors.
import { Action, Oneiric } from '@oneiric/core';
import { IsInt, IsString, Min } from 'class-validator';
import { DomainErrorKind } from '../errors/domainError.js';
import type { ActionKit } from '../models/actionKit.js';
import { ActionBridge } from './actionBridge.js';
import { ActivityStore } from './activityStore.js';

class GreetPayload {
  @IsString()
  public name = '';

  @IsInt()
  @Min(1)
  public times = 1;
}

@Action('greet', 'default')
class Greet implements ActionKit<GreetPayload, { text: string }> {
  public readonly payloadType = GreetPayload;
  public execute(payload: GreetPayload): { text: string } {
    return { text: `hello ${payload.name}`.repeat(payload.times) };
  }
}

@Action('no-contract', 'default')
class NoContract {}

let app: Oneiric;
let actions: ActionBridge;

beforeEach(() => {
  app = new Oneiric();
  app.register(Greet, NoContract);
  actions = new ActionBridge(app, new ActivityStore());
});

afterEach(async () => {
  await app.close();
});

describe('ActionBridge', () => {
  describe('execute', () => {
    it('validates the payload into the payload class and returns the typed result', async () => {
      const result = await actions.execute<{ text: string }>('greet', { name: 'ada', times: 2 });
      expect(result.text).toBe('hello adahello ada');
    });

    it('rejects a payload breaking a rule, naming the field', async () => {
      // times 0 breaks @Min(1): DomainError invalidPayload with field payload.times.
      await expect(actions.execute('greet', { name: 'ada', times: 0 })).rejects.toMatchObject({
        kind: DomainErrorKind.invalidPayload, context: { domain: 'action', key: 'greet', field: 'payload.times' },
      });
    });

    it('rejects unknown fields and a payload that is not an object', async () => {
      // "admin" is not a field of GreetPayload: invalidPayload.
      await expect(actions.execute('greet', { name: 'ada', admin: true })).rejects.toMatchObject({ kind: DomainErrorKind.invalidPayload });
      // a string is not a mapping: invalidPayload.
      await expect(actions.execute('greet', 'ada')).rejects.toMatchObject({ kind: DomainErrorKind.invalidPayload });
    });

    it('rejects a provider without execute() and payloadType', async () => {
      // NoContract implements nothing: DomainError missingMethod.
      await expect(actions.execute('no-contract', {})).rejects.toMatchObject({ kind: DomainErrorKind.missingMethod });
    });

    it('lets a slow execute finish before a swap cleans its instance up', async () => {
      const events: string[] = [];
      let release: () => void = () => undefined;
      @Action('slow', 'default')
      class Slow implements ActionKit<GreetPayload, string> {
        public readonly payloadType = GreetPayload;
        public async execute(payload: GreetPayload): Promise<string> {
          events.push('execute started');
          await new Promise<void>((resolve) => (release = resolve));
          events.push('execute returned');
          return payload.name;
        }
        public cleanup(): void {
          events.push('cleanup');
        }
      }
      app.register(Slow);
      const running = actions.execute<string>('slow', { name: 'ada' });
      while (!events.includes('execute started')) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const swapping = app.swap('action', 'slow');
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(events).toEqual(['execute started']);
      release();
      expect(await running).toBe('ada');
      await swapping;
      expect(events).toEqual(['execute started', 'execute returned', 'cleanup']);
    });

    it('refuses a draining action', async () => {
      await actions.drain('greet');
      // draining refuses new work: DomainError draining.
      await expect(actions.execute('greet', { name: 'x' })).rejects.toMatchObject({ kind: DomainErrorKind.draining });
    });
  });
});
