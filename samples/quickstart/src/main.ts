/** The quick start: register providers, resolve and inject winners, explain one key, re-select. */
import { Oneiric, type Explanation } from '@oneiric/core';
import { cacheKey, checkoutKey, providers } from './providers.js';

function printExplanation(explanation: Explanation): void {
  console.log(`  winner: ${explanation.winner ?? '(none)'}` +
    (explanation.selection === null ? '' : `  (selection: ${explanation.selection})`));
  for (const entry of explanation.ranked) {
    console.log(`  #${entry.rank} ${entry.provider.padEnd(8)} ${entry.summary}`);
    for (const reason of entry.reasons) {
      console.log(`       - ${reason}`);
    }
  }
  for (const filtered of explanation.filtered) {
    console.log(`  filtered ${filtered.provider}: ${filtered.reason}`);
  }
}

const app = new Oneiric();
app.register(...providers);
await app.start();

console.log('1. Winners chosen by precedence:');
for (const candidate of [...app.winners('adapter'), ...app.winners('service')]) {
  console.log(`  ${candidate.domain}:${candidate.key} -> ${candidate.provider} (priority ${candidate.priority}, stack level ${candidate.stackLevel})`);
}

const checkout = app.use(checkoutKey); // typed Checkout, from the key
console.log('\n2. The checkout service, with the winning cache and pricing injected:');
console.log(`  ${checkout.quote('book')}`);
console.log(`  ${checkout.quote('book')}`);

console.log('\n3. Why adapter:cache resolved the way it did:');
printExplanation(app.explain('adapter', 'cache'));

console.log('\n4. Asking for the capability "eviction" filters the others out:');
printExplanation(app.explain('adapter', 'cache', { capabilities: ['eviction'] }));

console.log('\n5. Selecting cache=memory (as adapters.selections.cache: memory in config would):');
await app.select(cacheKey.domain, cacheKey.key, 'memory');
printExplanation(app.explain('adapter', 'cache'));
console.log('  The same checkout instance now reaches the new winner:');
console.log(`  ${checkout.quote('lamp')}`);
console.log(`  ${checkout.quote('lamp')}`);

await app.close();
