// The sample: an event fanned out to handlers, a workflow that fails, resumes and completes, a scheduled task, and action kits in a workflow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerActionKits } from '@oneiric/actions';
import { Oneiric } from '@oneiric/core';
import { createDomainBridges, DomainError, TaskScheduler } from '@oneiric/domains';
import { Fulfilment, gateway, providers, taskRuns } from './providers.js';
import { runRefundSection } from './refundSection.js';
import { refundProviders } from './refundProviders.js';

const cacheDir = mkdtempSync(path.join(tmpdir(), 'oneiric-sample-events-'));
const app = new Oneiric();
app.register(...providers, ...refundProviders);
registerActionKits(app, { only: ['workflow.audit', 'workflow.notify', 'workflow.retry'] });
await app.start();
const bridges = await createDomainBridges(app, { cacheDir, eventSource: 'shop' });
bridges.workflows.register(Fulfilment);

try {
  console.log('1. An event fanned out to its handlers');
  const results = await bridges.events.dispatch('order.placed', { id: 'A-17', plan: 'pro', items: 2 }, { correlationId: 'checkout-9' });
  for (const result of results) {
    console.log(`   ${result.handler.padEnd(18)} ${result.success ? 'ok' : 'FAILED'}  ${String(result.value ?? result.error)}`);
  }
  const free = await bridges.events.dispatch('order.placed', { id: 'A-18', plan: 'free', items: 1 });
  console.log(`   a free order reaches ${free.length} handlers (the concierge filter skips it)`);

  console.log('\n2. A workflow that fails, resumes from its checkpoint, and completes');
  console.log(`   plan: ${bridges.workflows.plan('fulfilment').layers.map((layer) => `[${layer.join(', ')}]`).join(' -> ')}`);
  const context = { order: 'A-17', amount: 42 };
  try {
    await bridges.workflows.run('fulfilment', { context });
  } catch (error) {
    if (!(error instanceof DomainError)) {
      throw error;
    }
    const checkpoint = await bridges.workflows.checkpoint('fulfilment');
    console.log(`   run failed (${error.kind}): ${error.message}`);
    console.log(`   checkpoint keeps: ${Object.keys(checkpoint?.nodes ?? {}).join(', ')}`);
  }
  gateway.isDown = false;
  const resumed = await bridges.workflows.run('fulfilment', { resume: true });
  console.log(`   resumed run ${resumed.runId.slice(0, 8)} skipped: ${resumed.resumedNodes.join(', ')}`);
  console.log(`   ship: ${String(resumed.nodes['ship']?.value)}`);
  console.log(`   task runs: reserve ${taskRuns['reserve'] ?? 0}, charge ${taskRuns['charge'] ?? 0}, ship ${taskRuns['ship'] ?? 0}`);

  console.log('\n3. A task scheduled every second');
  const scheduler = new TaskScheduler(bridges.tasks);
  scheduler.start();
  const started = Date.now();
  while (bridges.tasks.history('heartbeat').filter((outcome) => outcome.status === 'succeeded').length < 3) {
    await sleep(25);
  }
  console.log(`   heartbeat ran 3 times in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await bridges.tasks.pause('heartbeat', { note: 'quiet hours' });
  await sleep(1100);
  const last = bridges.tasks.history('heartbeat').at(-1);
  console.log(`   paused: the next due run was ${last?.status ?? 'not recorded'} (${last?.error ?? ''})`);
  await scheduler.stop();

  await runRefundSection(bridges);
} finally {
  await bridges.close();
  await app.close();
  rmSync(cacheDir, { recursive: true, force: true });
}
