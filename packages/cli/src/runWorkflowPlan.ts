// The `workflow plan` command: prints the dependency layers a workflow would run in.
import type { DomainBridges } from '@oneiric/domains';
import { ExitCode } from './exitCode.js';

/**
 * Validates the workflow's DAG and prints its layers, one line each (nodes of a layer run
 * concurrently). An invalid DAG is the DomainError naming the nodes (exit 1).
 */
export function runWorkflowPlan(bridges: DomainBridges, options: { readonly key: string; readonly version?: string; readonly json: boolean }, stdout: { write(chunk: string): unknown }): ExitCode {
  const plan = bridges.workflows.plan(options.key, options.version);
  const version = plan.definition.version ?? null;
  if (options.json) {
    stdout.write(`${JSON.stringify({ workflow: options.key, provider: plan.candidate.provider, version, layers: plan.layers }, null, 2)}\n`);
  } else {
    stdout.write(`Workflow ${options.key} (${plan.candidate.provider}${version === null ? '' : `, version ${version}`}): ${plan.layers.length} layer${plan.layers.length === 1 ? '' : 's'}\n`);
    plan.layers.forEach((layer, index) => stdout.write(`  layer ${index + 1}: ${layer.join(', ')}\n`));
  }
  return ExitCode.success;
}
