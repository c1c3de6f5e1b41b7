/**
 * `@oneiric/fleet`: many runtimes of one application steered together through a NATS JetStream
 * key-value bucket: desired state written with compare-and-set, each runtime converging to it
 * and publishing its actual state with a heartbeat, and staged rollouts driven by the runtimes.
 * @packageDocumentation
 */
export { FleetAgent, type FleetAgentOptions, type FleetAgentView } from './services/fleetAgent.js';
export { FleetClient, type FleetClientOptions } from './services/fleetClient.js';
export { FleetStore, type FleetWatch } from './services/fleetStore.js';
export { raiseFleetFloor } from './services/raiseFleetFloor.js';
export { readFleetFloor, type FleetFloorReading, type FleetFloorSource } from './services/readFleetFloor.js';

export { FLEET_METER_NAME, FleetMeters } from './telemetry/fleetMeters.js';

export { FleetError, FleetErrorKind } from './errors/fleetError.js';

export type { ActivityRecord, FloorRecord, SelectionRecord } from './models/desiredRecords.js';
export { EMPTY_SNAPSHOT, type FleetSnapshot, type Revisioned } from './models/fleetSnapshot.js';
export { DEFAULT_FLEET_TIMEOUT_MS, type FleetConnectionOptions, type FleetTlsFiles } from './models/fleetConnectionOptions.js';
export type { FleetTarget } from './models/fleetTarget.js';
export type { InstanceKeyState, InstanceRecord } from './models/instanceRecord.js';
export type { RolloutCommand, RolloutDecision, RolloutDriver, RolloutRecord, RolloutState } from './models/rolloutRecord.js';

export { applyEntry, type BucketEntry } from './calculations/applyEntry.js';
export { backoffDelayMs } from './calculations/backoffDelayMs.js';
export { canaryOrder } from './calculations/canaryOrder.js';
export { claimDriver, type DriverClaim } from './calculations/claimDriver.js';
export { decideRollout, MAX_DECISIONS, type RolloutInputs, type RolloutStep } from './calculations/decideRollout.js';
export { decodeActivity, decodeFloor, decodeInstance, decodeRollout, decodeSelection, type Decoded } from './calculations/decodeRecords.js';
export { effectiveDesiredState, type EffectiveKeyState } from './calculations/effectiveDesiredState.js';
export { evaluateStage, type StageVerdict } from './calculations/evaluateStage.js';
export {
  decodeSegment, defaultBucketName, encodeSegment, FLOOR_KEY, instanceKey, isValidBucketName, keyRecordKey, parseFleetKey,
  type FleetKeyKind, type ParsedFleetKey,
} from './calculations/fleetKeys.js';
export { fleetStatusOf, type FleetInstanceStatus, type FleetStatus } from './calculations/fleetStatusOf.js';
export { instanceRecordOf, type InstanceFacts } from './calculations/instanceRecordOf.js';
export { instancesToForget } from './calculations/instancesToForget.js';
export { isInstanceGone } from './calculations/isInstanceGone.js';
export { newRollout, type RolloutOptions } from './calculations/newRollout.js';
export { planConvergence, type ActualKeyState, type ConvergenceStep } from './calculations/planConvergence.js';
export { raiseFloor, type FloorValue } from './calculations/raiseFloor.js';
export { serverAddressOf } from './calculations/serverAddressOf.js';
