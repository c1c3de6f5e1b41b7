/** Validates bucket values into typed records: a malformed record is reported, never applied (pure). */
import type { ActivityRecord, FloorRecord, SelectionRecord } from '../models/desiredRecords.js';
import type { InstanceKeyState, InstanceRecord } from '../models/instanceRecord.js';
import type { RolloutDecision, RolloutRecord } from '../models/rolloutRecord.js';
import {
  checkVersion, domainOf, flag, numberIn, numberOrNull, oneOf, plainOf, RecordShapeError, text, textOrNull, texts, type Plain,
} from './recordChecks.js';
import { MAX_REASON_LENGTH } from './safeText.js';

/**
 * A decoded value: the record, or why it was refused.
 * @category Calculations
 */
export type Decoded<T> = { readonly ok: true; readonly record: T } | { readonly ok: false; readonly problem: string };

const MAX_MS = 2_147_483_647;
const MAX_SERIAL = Number.MAX_SAFE_INTEGER;

function decodeWith<T>(bytes: Uint8Array, build: (record: Plain) => T): Decoded<T> {
  try {
    const record = plainOf(JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown, 'the record');
    checkVersion(record);
    return { ok: true, record: build(record) };
  } catch (error) {
    if (error instanceof RecordShapeError) {
      return { ok: false, problem: (error as Error).message };
    }
    if (error instanceof SyntaxError) {
      return { ok: false, problem: `not JSON: ${(error as Error).message}` };
    }
    throw error;
  }
}

/**
 * Decodes a `selection.<domain>.<key>` value.
 * @category Calculations
 */
export function decodeSelection(bytes: Uint8Array): Decoded<SelectionRecord> {
  return decodeWith(bytes, (record) => ({
    v: 1, domain: domainOf(record), key: text(record, 'key'), provider: text(record, 'provider'), at: text(record, 'at'), by: text(record, 'by'),
  }));
}

/**
 * Decodes an `activity.<domain>.<key>` value.
 * @category Calculations
 */
export function decodeActivity(bytes: Uint8Array): Decoded<ActivityRecord> {
  return decodeWith(bytes, (record) => ({
    v: 1, domain: domainOf(record), key: text(record, 'key'), paused: flag(record, 'paused'), draining: flag(record, 'draining'),
    note: textOrNull(record, 'note'), at: text(record, 'at'), by: text(record, 'by'),
  }));
}

/**
 * Decodes the `manifest.floor` value.
 * @category Calculations
 */
export function decodeFloor(bytes: Uint8Array): Decoded<FloorRecord> {
  return decodeWith(bytes, (record) => {
    const digest = text(record, 'digest');
    if (!/^[0-9a-f]{64}$/.test(digest)) {
      throw new RecordShapeError('digest is not a hex SHA-256');
    }
    return { v: 1, serial: numberIn(record, 'serial', 0, MAX_SERIAL), digest, at: text(record, 'at'), by: text(record, 'by') };
  });
}

function decodeDecision(value: unknown): RolloutDecision {
  const record = plainOf(value, 'a decision');
  return {
    at: text(record, 'at'),
    action: oneOf(record, 'action', ['start', 'stage', 'promote', 'abort', 'gone', 'takeover'] as const),
    reason: text(record, 'reason', MAX_REASON_LENGTH),
    evidence: record['evidence'] === undefined ? {} : plainOf(record['evidence'], 'evidence'),
  };
}

function decodeSteps(record: Plain): number[] {
  const steps = record['steps'];
  if (!Array.isArray(steps) || steps.length === 0 || steps.some((step, index) => typeof step !== 'number' || step <= 0 || step > 100 || (index > 0 && step <= (steps[index - 1] as number))) || steps.at(-1) !== 100) {
    throw new RecordShapeError('steps is not an increasing list of percentages ending at 100');
  }
  return steps as number[];
}

/**
 * Decodes a `rollout.<domain>.<key>` value.
 * @category Calculations
 */
export function decodeRollout(bytes: Uint8Array): Decoded<RolloutRecord> {
  return decodeWith(bytes, (record) => {
    const decisions = record['decisions'];
    if (!Array.isArray(decisions)) {
      throw new RecordShapeError('decisions is not a list');
    }
    const driverValue = record['driver'];
    const driver = driverValue === null || driverValue === undefined ? null : plainOf(driverValue, 'driver');
    return {
      v: 1, id: text(record, 'id'), domain: domainOf(record), key: text(record, 'key'),
      fromProvider: text(record, 'fromProvider'), toProvider: text(record, 'toProvider'),
      canary: numberIn(record, 'canary', 0, 100_000), steps: decodeSteps(record),
      bakeMs: numberIn(record, 'bakeMs', 0, MAX_MS), maxErrorRatio: numberIn(record, 'maxErrorRatio', 0, 1),
      onInstanceGone: oneOf(record, 'onInstanceGone', ['continue', 'abort'] as const),
      convergeTimeoutMs: numberIn(record, 'convergeTimeoutMs', 1, MAX_MS),
      stage: numberIn(record, 'stage', -1, 1_000), stageStartedAt: numberOrNull(record, 'stageStartedAt', 0, Number.MAX_SAFE_INTEGER),
      convergedAt: numberOrNull(record, 'convergedAt', 0, Number.MAX_SAFE_INTEGER),
      moved: texts(record, 'moved'), gone: texts(record, 'gone'), decisions: decisions.map(decodeDecision),
      state: oneOf(record, 'state', ['running', 'promoted', 'aborted'] as const),
      command: record['command'] === null || record['command'] === undefined ? null : oneOf(record, 'command', ['promote', 'abort'] as const),
      driver: driver === null ? null : { instance: text(driver, 'instance'), leaseUntil: numberIn(driver, 'leaseUntil', 0, Number.MAX_SAFE_INTEGER) },
      createdAt: text(record, 'createdAt'), createdBy: text(record, 'createdBy'),
    };
  });
}

function decodeKeyState(value: unknown): InstanceKeyState {
  const record = plainOf(value, 'a key state');
  const swapErrorValue = record['swapError'];
  const swapError = swapErrorValue === null || swapErrorValue === undefined ? null : plainOf(swapErrorValue, 'swapError');
  const healthy = record['healthy'];
  const breaker = record['breaker'];
  return {
    domain: domainOf(record), key: text(record, 'key'), provider: textOrNull(record, 'provider'), state: text(record, 'state'),
    healthy: typeof healthy === 'boolean' ? healthy : null,
    breaker: breaker === 'open' || breaker === 'halfOpen' || breaker === 'closed' ? breaker : null,
    paused: flag(record, 'paused'), draining: flag(record, 'draining'),
    calls: numberOrNull(record, 'calls', 0, Number.MAX_SAFE_INTEGER), failures: numberOrNull(record, 'failures', 0, Number.MAX_SAFE_INTEGER),
    swapError: swapError === null ? null : { provider: text(swapError, 'provider'), message: text(swapError, 'message', MAX_REASON_LENGTH), at: text(swapError, 'at') },
  };
}

/**
 * Decodes an `instance.<id>` value.
 * @category Calculations
 */
export function decodeInstance(bytes: Uint8Array): Decoded<InstanceRecord> {
  return decodeWith(bytes, (record) => {
    const keys = plainOf(record['keys'], 'keys');
    return {
      v: 1, id: text(record, 'id'), host: text(record, 'host'), pid: numberIn(record, 'pid', 0, Number.MAX_SAFE_INTEGER),
      startedAt: text(record, 'startedAt'), heartbeatAt: numberIn(record, 'heartbeatAt', 0, Number.MAX_SAFE_INTEGER),
      heartbeatMs: numberIn(record, 'heartbeatMs', 1, MAX_MS), appliedRevision: numberIn(record, 'appliedRevision', 0, Number.MAX_SAFE_INTEGER),
      manifestSerial: numberOrNull(record, 'manifestSerial', 0, MAX_SERIAL), connected: flag(record, 'connected'),
      keys: Object.fromEntries(Object.entries(keys).map(([id, state]) => [id, decodeKeyState(state)])),
      problems: texts(record, 'problems', MAX_REASON_LENGTH),
    };
  });
}
