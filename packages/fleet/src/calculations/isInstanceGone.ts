/** Whether an instance's heartbeat stopped (pure). */
import type { InstanceRecord } from '../models/instanceRecord.js';

/**
 * True when the instance's last heartbeat is older than `goneAfterMs` at `now`.
 * @category Calculations
 */
export function isInstanceGone(instance: Pick<InstanceRecord, 'heartbeatAt'>, now: number, goneAfterMs: number): boolean {
  return now - instance.heartbeatAt > goneAfterMs;
}
