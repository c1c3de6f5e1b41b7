/** Turns what was read from a runtime into the status page's sections (a pure calculation: no I/O, no clock). */
import type { HealthSnapshot, KeyHealth, RemoteHealth } from '../models/healthSnapshot.js';
import { formatDurationMs, formatInstant } from './formatStatusValues.js';
import type { FleetReading, StatusPageSnapshot } from './statusPageSnapshot.js';
import type { StatusCell, StatusFact, StatusPageView, StatusSection, StatusTone } from './statusPageView.js';
import type { SwapRecord } from './swapRecord.js';

const cell = (text: string, tone: StatusTone = 'idle'): StatusCell => ({ text, tone });
const fact = (label: string, text: string, tone: StatusTone = 'idle'): StatusFact => ({ label, text, tone });

const STATE_TONES: Readonly<Record<string, StatusTone>> = { ready: 'ok', activating: 'warn', failed: 'bad' };
const BREAKER_TONES: Readonly<Record<string, StatusTone>> = { closed: 'ok', halfOpen: 'warn', open: 'bad' };

/**
 * The status page of a runtime: a headline (phase and readiness), then the runtime, every key
 * (active provider, state, health, breaker, pause/drain), recent swaps with their durations,
 * remote manifest serial and last sync, and the fleet view or "not configured". Every value is
 * plain text; error messages are never shown (the page may be open on TCP), only error kinds.
 * @param snapshot - what was read from the runtime, with the instant it was read
 * @category Status page
 */
export function buildStatusPageView(snapshot: StatusPageSnapshot): StatusPageView {
  const { health, now } = snapshot;
  return {
    title: `Oneiric runtime · ${health.profile} · pid ${String(health.pid)}`,
    generatedAt: now,
    headline: headlineOf(health),
    sections: [
      runtimeSection(health, now),
      keysSection(health.keys),
      swapsSection(snapshot.recentSwaps, now),
      remoteSection(health.remote, now),
      fleetSection(snapshot.fleet),
    ],
  };
}

function headlineOf(health: HealthSnapshot): StatusCell {
  if (health.phase !== 'running') {
    return cell(health.phase, 'warn');
  }
  if (health.ready) {
    return cell('running, ready', 'ok');
  }
  const failed = health.keys.some((key) => key.state === 'failed' || key.healthy === false);
  return cell('running, not ready', failed ? 'bad' : 'warn');
}

function runtimeSection(health: HealthSnapshot, now: string): StatusSection {
  const count = (predicate: (key: KeyHealth) => boolean): number => health.keys.filter(predicate).length;
  const failed = count((key) => key.state === 'failed');
  const held = count((key) => key.paused || key.draining);
  const open = count((key) => key.breaker === 'open');
  return {
    id: 'runtime',
    title: 'Runtime',
    facts: [
      fact('phase', health.phase, health.phase === 'running' ? 'ok' : 'warn'),
      fact('ready', health.ready ? 'yes' : 'no', health.ready ? 'ok' : 'warn'),
      fact('profile', health.profile),
      fact('pid', String(health.pid)),
      fact('started', formatInstant(health.startedAt, now)),
      fact('keys', String(health.keys.length)),
      fact('failed keys', String(failed), failed === 0 ? 'ok' : 'bad'),
      fact('paused or draining', String(held), held === 0 ? 'ok' : 'warn'),
      fact('open breakers', String(open), open === 0 ? 'ok' : 'bad'),
      fact('watchers', health.watchers.length === 0 ? 'none' : health.watchers.join(', ')),
    ],
  };
}

function keysSection(keys: readonly KeyHealth[]): StatusSection {
  return {
    id: 'keys',
    title: 'Keys',
    facts: [],
    table: {
      columns: ['domain', 'key', 'provider', 'state', 'health', 'breaker', 'admission'],
      rows: keys.map(keyRow),
      emptyText: 'no key is registered',
    },
  };
}

function keyRow(key: KeyHealth): StatusCell[] {
  return [
    cell(key.domain),
    cell(key.key),
    key.provider === undefined ? cell('none', 'warn') : cell(key.provider),
    cell(key.state, STATE_TONES[key.state] ?? 'idle'),
    healthCell(key.healthy),
    key.breaker === undefined ? cell('—') : cell(key.breaker, BREAKER_TONES[key.breaker] ?? 'idle'),
    admissionCell(key),
  ];
}

function healthCell(healthy: boolean | null): StatusCell {
  if (healthy === null) {
    return cell('not checked');
  }
  return healthy ? cell('healthy', 'ok') : cell('unhealthy', 'bad');
}

function admissionCell(key: KeyHealth): StatusCell {
  const held = [...(key.paused ? ['paused'] : []), ...(key.draining ? ['draining'] : [])];
  return held.length === 0 ? cell('open', 'ok') : cell(held.join(', '), 'warn');
}

function swapsSection(swaps: readonly SwapRecord[], now: string): StatusSection {
  return {
    id: 'swaps',
    title: 'Recent swaps',
    facts: [],
    table: {
      columns: ['when', 'key', 'from', 'to', 'outcome', 'duration'],
      rows: swaps.map((swap) => [
        cell(formatInstant(swap.at, now)),
        cell(`${swap.domain}:${swap.key}`),
        cell(swap.previousProvider ?? '—'),
        cell(swap.provider),
        swap.outcome === 'swapped' ? cell('swapped', 'ok') : cell(`failed (${swap.errorKind ?? 'unknown'})`, 'bad'),
        cell(formatDurationMs(swap.durationMs)),
      ]),
      emptyText: 'no swap since the runtime started',
    },
  };
}

function remoteSection(remote: RemoteHealth, now: string): StatusSection {
  if (!remote.enabled) {
    return { id: 'remote', title: 'Remote manifest', facts: [fact('remote sync', 'not configured')] };
  }
  const lastSuccessMs = remote.lastSuccessAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(remote.lastSuccessAt);
  const failingNow = remote.lastFailureAt !== undefined && Date.parse(remote.lastFailureAt) >= lastSuccessMs;
  return {
    id: 'remote',
    title: 'Remote manifest',
    facts: [
      fact('manifest serial', remote.serial === undefined ? 'none applied' : String(remote.serial), remote.serial === undefined ? 'warn' : 'ok'),
      fact('last sync', formatInstant(remote.lastSuccessAt, now), remote.lastSuccessAt === undefined ? 'warn' : 'ok'),
      fact('last failure', formatInstant(remote.lastFailureAt, now), failingNow ? 'bad' : 'idle'),
    ],
  };
}

function fleetSection(fleet: FleetReading): StatusSection {
  const base = { id: 'fleet', title: 'Fleet' };
  switch (fleet.state) {
    case 'notConfigured':
      return { ...base, facts: [fact('fleet', 'not configured')] };
    case 'unavailable':
      return { ...base, facts: [fact('fleet', `view unavailable (${fleet.errorKind})`, 'bad')] };
    case 'read':
      return {
        ...base,
        facts: fleet.view.facts.map((entry) => fact(entry.label, entry.value)),
        table: {
          columns: fleet.view.columns,
          // A short row is padded so every row has a cell under each heading.
          rows: fleet.view.rows.map((row) => fleet.view.columns.map((_column, index) => cell(row[index] ?? ''))),
          emptyText: 'no instance reported',
        },
      };
  }
}
