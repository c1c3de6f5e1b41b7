// Type-level tests, checked by `tsc -p tsconfig.test.json` (part of `npm test`): each
// `@ts-expect-error` line is a mistake that must not compile; if it ever compiles, tsc fails
// with "Unused '@ts-expect-error' directive".
import { Oneiric } from '../application/oneiric.js';
import { Adapter } from '../decorators/adapter.js';
import { Provider } from '../decorators/provider.js';
import { Service } from '../decorators/service.js';
import { Inject } from '../container/injectDecorators.js';
import { defineKey, type ContractOf } from './providerKey.js';

interface Cache { get(key: string): string | undefined }
interface Mailer { send(to: string): Promise<void> }

const cacheKey = defineKey<Cache>('adapter', 'cache');
const mailerKey = defineKey<Mailer>('adapter', 'mailer');

// A class that implements the contract is accepted, whatever its constructor takes.
@Adapter(cacheKey, 'memory', 100)
export class MemoryCache implements Cache {
  constructor(readonly size: number) {}
  get(): string | undefined { return undefined; }
}

// @ts-expect-error -- the class does not implement Cache (no get)
@Adapter(cacheKey, 'broken', 100)
export class NotACache { put(): void {} }

// @ts-expect-error -- a Mailer is not a Cache
@Adapter(cacheKey, 'mailer-as-cache')
export class MailerAsCache implements Mailer { async send(): Promise<void> {} }

// @ts-expect-error -- the generic decorator checks the contract too
@Provider(mailerKey, 'wrong')
export class WrongMailer { get(): string | undefined { return undefined; } }

// The string form keeps working, unchecked.
@Service('checkout', 'default')
export class Checkout {
  constructor(@Inject(cacheKey) readonly cache: Cache, @mailerKey readonly mailer: Mailer) {}
}

export function typedUse(app: Oneiric): void {
  const cache: Cache = app.use(cacheKey);
  // @ts-expect-error -- use(cacheKey) is a Cache, not a Mailer
  const mailer: Mailer = app.use(cacheKey);
  // @ts-expect-error -- a typed key is not a domain: the two-argument form needs strings
  app.use(cacheKey, 'cache');
  const maybe: Cache | undefined = app.current(cacheKey);
  // @ts-expect-error -- current() may be undefined
  const sure: Cache = app.current(cacheKey);
  const contract: ContractOf<typeof mailerKey> = { send: async () => undefined };
  void [cache, mailer, maybe, sure, contract];
}

// @ts-expect-error -- 'adaptor' is not a domain
defineKey<Cache>('adaptor', 'cache');
