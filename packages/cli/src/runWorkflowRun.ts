// The `workflow run` command: runs (or resumes) a workflow in this process with checkpoints in cache_dir.
import type { DomainBridges } from '@oneiric/domains';
import { ExitCode } from './exitCode.js';

/** Options of `workflow run`. */
export interface WorkflowRunCommandOptions {
  /** The workflow key. */
  readonly key: string;
  /** Continue the checkpointed run. */
  readonly resume: boolean;
  /** Run this version. */
  readonly version?: string;
  /** The parsed `--context`. */
  readonly context?: unknown;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Runs the workflow; each finished node is checkpointed under `cache_dir`, so after a failure
 * (exit 1, the DomainError naming the node) `--resume` continues where it stopped.
 */
export async function runWorkflowRun(bridges: DomainBridges, options: WorkflowRunCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const result = await bridges.workflows.run(options.key, {
    resume: options.resume,
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.context === undefined ? {} : { context: options.context }),
  });
  if (options.json) {
    stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const resumed = result.resumedNodes.length === 0 ? '' : ` (resumed; skipped ${result.resumedNodes.join(', ')})`;
    stdout.write(`Workflow ${result.workflow} completed, run ${result.runId}${resumed}\n`);
    for (const [node, outcome] of Object.entries(result.nodes)) {
      stdout.write(`  ${node}: ${JSON.stringify(outcome.value) ?? 'undefined'} (attempts ${outcome.attempts})\n`);
    }
  }
  return ExitCode.success;
}
