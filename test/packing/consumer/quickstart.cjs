// An application's CommonJS file: require() of the ES-module packages (Node >= 20.19), decorators applied as plain function calls.
const { Adapter, InjectAdapter, Oneiric, Service } = require('@oneiric/core');

class RedisLikeCache {
  constructor() { this.name = 'redis'; }
}
Adapter('cache', 'redis', 400)(RedisLikeCache);

class MemoryCache {
  constructor() { this.name = 'memory'; }
}
Adapter('cache', 'memory', { priority: 100, capabilities: ['ttl'] })(MemoryCache);

class Checkout {
  constructor(cache) { this.cache = cache; }
  cacheName() { return this.cache.name; }
}
// What `constructor(@InjectAdapter('cache') cache)` compiles to: the parameter decorator called with index 0.
InjectAdapter('cache')(Checkout, undefined, 0);
Service('checkout', 'default')(Checkout);

async function main() {
  const app = new Oneiric();
  app.register(RedisLikeCache, MemoryCache, Checkout);
  await app.start();
  const checkout = app.use('service', 'checkout');
  const before = checkout.cacheName();
  await app.select('adapter', 'cache', 'memory');
  const after = checkout.cacheName();
  const winner = app.explain('adapter', 'cache').winner;
  await app.close();
  // Every package loads through require(), not only core.
  const loaded = ['@oneiric/domains', '@oneiric/remote', '@oneiric/adapters', '@oneiric/cli', '@oneiric/core/internal', '@oneiric/core/testing']
    .filter((name) => typeof require(name) === 'object');
  console.log(JSON.stringify({ before, after, winner, loaded }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
