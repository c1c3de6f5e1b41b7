// The `workflow run` command: runs (or resumes) a workflow in this process with checkpoints in cache_dir.
import type { DomainBridges, WorkflowRunResult } from '@oneiric/domains';
import { CommandError } from './commandError.js';
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
 * @throws CommandError `nothingToResume` when `--resume` finds no checkpoint (nothing runs)
 */
export async function runWorkflowRun(bridges: DomainBridges, options: WorkflowRunCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  // The bridge starts afresh when nothing is checkpointed; asked to resume, the CLI says so instead.
  if (options.resume && await bridges.checkpoints.load(options.key) === undefined) {
    throw new CommandError('nothingToResume', `workflow ${options.key} has no checkpointed run to resume; run it without --resume to start one`, { key: options.key });
  }
  const result = await bridges.workflows.run(options.key, {
    resume: options.resume,
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.context === undefined ? {} : { context: options.context }),
  });
  return printWorkflowRun(result, options, stdout);
}

/** Prints a finished run: one line per node with its value (or the result as JSON). */
export function printWorkflowRun(result: WorkflowRunResult, options: { readonly json: boolean }, stdout: { write(chunk: string): unknown }): ExitCode {
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
