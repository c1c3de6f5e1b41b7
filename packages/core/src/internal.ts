/**
 * `@oneiric/core/internal`: what Oneiric's own packages (domains, remote, adapters, runtime,
 * cli) share with core and an application author never needs. UNSTABLE: anything here may
 * change or disappear in any release, without notice; do not import it from applications.
 * @packageDocumentation
 */
import 'reflect-metadata';

export { internalsOf, type OneiricInternals } from './application/internalAccess.js';

export { compareScores, byRankDescending, type ScoreComparison } from './calculations/compareScores.js';
export { explainRanking, type ExplainContext } from './calculations/explainRanking.js';
export { filterByCapabilities, type CapabilityFilterResult, type RemovedCandidate } from './calculations/filterByCapabilities.js';
export { inferPackagePriority } from './calculations/inferPackagePriority.js';
export { nearestKey } from './calculations/nearestKey.js';
export { unknownKeyError } from './calculations/unknownKeyError.js';
export { normaliseCapabilities } from './calculations/normaliseCapabilities.js';
export { parseStackOrder } from './calculations/parseStackOrder.js';
export { parseKeyStatuses, type ParsedKeyStatuses } from './calculations/parseKeyStatuses.js';
export { percentile } from './calculations/percentile.js';
export { pickWinner } from './calculations/pickWinner.js';
export { rankCandidates, type Ranking, type ScoredCandidate } from './calculations/rankCandidates.js';
export { scoreCandidate, countMatchedCapabilities } from './calculations/scoreCandidate.js';
export { validateCandidateInput, isValidKey, isValidProvider, type ValidatedCandidate } from './calculations/validateCandidateInput.js';

export { defaultSettings } from './config/defaultSettings.js';
export { LAYER_SECTIONS, type LayerSection } from './config/layerSection.js';
export { parseSettings } from './config/parseSettings.js';
export { sectionForDomain } from './config/sectionForDomain.js';

export { messageOf } from './errors/messageOf.js';
export { withFileLock, type FileLockOptions } from './io/withFileLock.js';
export { FileWatch, type FileWatchMode, type FileWatchOptions } from './io/fileWatch.js';
export { CoalescedTask, type CoalescedTaskOptions } from './io/coalescedTask.js';

export { createLiveReference } from './container/liveReference.js';
export { candidateInputFromClass } from './decorators/candidateInputFromClass.js';
export { getProviderMetadata, setProviderMetadata, type ProviderMetadata } from './decorators/providerMetadata.js';

export { admissionRefusal } from './calculations/admissionRefusal.js';
export { AdmissionGate, type AdmissionChange } from './lifecycle/admissionGate.js';
export { LifecycleManager, type LifecycleManagerOptions } from './lifecycle/lifecycleManager.js';
export type { SwapOutcome } from './lifecycle/swapTypes.js';
export { CandidateInstances } from './lifecycle/candidateInstances.js';
export { StatusStore, STATUS_FILE_NAME } from './lifecycle/statusStore.js';
export { validateProviderSettings } from './lifecycle/validateProviderSettings.js';
export { writeFileAtomic } from './lifecycle/writeFileAtomic.js';

export type { ActiveInstance, CallGuard, LiveSlot } from './models/activeInstance.js';
export type { AdmissionCell } from './models/admissionState.js';
export { initialKeyStatus, RECENT_SWAP_SAMPLES } from './models/keyStatus.js';
export type { RegistryChange } from './models/registryChange.js';

export { CandidateRegistry, keyId, type RegistryListener } from './services/candidateRegistry.js';
export { Resolver, type KeyChangeListener, type RegisterPackageOptions, type ResolverOptions } from './services/resolver.js';

export { CircuitBreakers, type BreakerStateChange, type ProviderBreaker } from './resiliency/circuitBreakers.js';
export { getTracer, TRACER_NAME } from './telemetry/tracer.js';
export { followMeterProvider, getMeter, METER_NAME, SECONDS_BUCKETS } from './telemetry/meter.js';
export type { Context, Counter, Gauge, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
