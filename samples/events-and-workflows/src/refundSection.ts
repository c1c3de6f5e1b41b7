// Section 4 of the sample: a refund workflow retried with workflow.retry, audited with workflow.audit, notified with workflow.notify.
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError, type DomainBridges } from '@oneiric/domains';
import { actionRunner, deskInbox, RefundFlow } from './refundProviders.js';

type RetryPlan = { status: 'scheduled'; nextAttempt: number; delayMs: number } | { status: 'exhausted'; attempts: number };

/** Runs the refund workflow until it succeeds or workflow.retry says the attempts are used up. */
export async function runRefundSection(bridges: DomainBridges): Promise<void> {
  console.log('\n4. Action kits in a workflow: retry, audit, notify');
  actionRunner.execute = (key, payload) => bridges.actions.execute(key, payload);
  bridges.workflows.register(RefundFlow);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const run = await bridges.workflows.run('refund', { resume: attempt > 1 });
      console.log(`   attempt ${attempt}: ${String(run.nodes['refund']?.value)}`);
      console.log(`   audit details: ${String(run.nodes['audit']?.value)}`);
      console.log(`   notify: ${String(run.nodes['notify']?.value)}; desk inbox holds ${deskInbox.length} message(s)`);
      return;
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      // workflow.retry plans the next attempt with core's backoff; short delays keep the sample quick.
      const plan = await bridges.actions.execute<RetryPlan>('workflow.retry', { attempt, maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 });
      if (plan.status === 'exhausted') {
        console.log(`   gave up after ${plan.attempts} attempts`);
        return;
      }
      console.log(`   attempt ${attempt} failed (${error.kind}); workflow.retry plans attempt ${plan.nextAttempt} in ${plan.delayMs} ms`);
      await sleep(plan.delayMs);
    }
  }
}
