// The `health` command: recorded lifecycle health, or a live probe of every registered key.
import { DOMAINS, type Domain, type KeyStatus, type Oneiric } from '@oneiric/core';
import { ExitCode } from './exitCode.js';
import { isUnhealthyStatus } from './isUnhealthyStatus.js';

/** Options of the `health` command. */
export interface HealthCommandOptions {
  /** Only this domain; every domain when absent. */
  readonly domain?: Domain;
  /** Activate each registered key's winner here and run its health check. */
  readonly probe: boolean;
  /** Print JSON. */
  readonly json: boolean;
}

/** Outcome of probing one key. */
export interface ProbeReport {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Provider probed, or null when none could be resolved. */
  readonly provider: string | null;
  /** True when activation and health check passed. */
  readonly healthy: boolean;
  /** Why not, when unhealthy. */
  readonly error: string | null;
}

/**
 * Without `--probe`: the statuses recorded in the status file. With `--probe`: each registered
 * key's winner is activated in this process (built, `init`, `health`) and cleaned up again;
 * nothing is written to the status file. Exit 1 when a probe fails, or a recorded key is
 * `failed` or was forced past a failing health check (`swap --force`): scripts and container
 * probes must not read a degraded application as healthy.
 */
export async function runHealth(app: Oneiric, options: HealthCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const domains = options.domain === undefined ? DOMAINS : [options.domain];
  if (options.probe) {
    const probes: ProbeReport[] = [];
    for (const domain of domains) {
      for (const key of app.keys(domain)) {
        probes.push(await probeKey(app, domain, key));
      }
    }
    stdout.write(options.json ? `${JSON.stringify({ probes }, null, 2)}\n` : formatProbes(probes));
    return probes.every((probe) => probe.healthy) ? ExitCode.success : ExitCode.failure;
  }
  await app.reloadStatuses();
  const statuses = app.statuses()
    .filter((status) => (domains as readonly Domain[]).includes(status.domain))
    .sort((a, b) => `${a.domain}:${a.key}`.localeCompare(`${b.domain}:${b.key}`));
  stdout.write(options.json ? `${JSON.stringify({ statusFile: app.statusFile ?? null, lifecycle: statuses }, null, 2)}\n` : formatStatuses(statuses));
  return statuses.some(isUnhealthyStatus) ? ExitCode.failure : ExitCode.success;
}

async function probeKey(app: Oneiric, domain: Domain, key: string): Promise<ProbeReport> {
  const provider = app.resolve(domain, key)?.provider ?? null;
  try {
    await app.swap(domain, key);
    return { domain, key, provider, healthy: true, error: null };
  } catch (error) {
    return { domain, key, provider, healthy: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function formatProbes(probes: readonly ProbeReport[]): string {
  if (probes.length === 0) {
    return 'No registered keys to probe.\n';
  }
  return `${probes.map((probe) => `${probe.domain}:${probe.key} provider=${probe.provider ?? 'none'} ${probe.healthy ? 'healthy' : `UNHEALTHY: ${probe.error ?? ''}`}`).join('\n')}\n`;
}

function formatStatuses(statuses: readonly KeyStatus[]): string {
  if (statuses.length === 0) {
    return 'No lifecycle statuses recorded yet.\n';
  }
  return `${statuses.map((status) => {
    const error = status.lastError === null ? '' : ` last_error="${status.lastError}"`;
    return `${status.domain}:${status.key} state=${status.state} current=${status.currentProvider ?? 'none'} pending=${status.pendingProvider ?? 'none'} last_health=${status.lastHealthAt ?? 'never'}${error}`;
  }).join('\n')}\n`;
}
