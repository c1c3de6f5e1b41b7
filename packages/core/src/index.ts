/**
 * `@oneiric/core`: candidates, explainable precedence, provider decorators, Inversify binding
 * of winners with live references, layered configuration, typed errors, logging and telemetry.
 * @packageDocumentation
 */
// Decorator metadata needs the Reflect polyfill; importing it here spares every user the step.
import 'reflect-metadata';

export { Oneiric, type OneiricOptions, type Registrable, type SelectionsByDomain } from './application/oneiric.js';
export { optionsFromSettings, selectionsFromSettings, type OptionsFromSettingsOptions } from './application/optionsFromSettings.js';

export { backoffDelay, type BackoffPolicy } from './calculations/backoffDelay.js';
export { compareScores, byRankDescending, type ScoreComparison } from './calculations/compareScores.js';
export { explainRanking, type ExplainContext } from './calculations/explainRanking.js';
export { filterByCapabilities, type CapabilityFilterResult, type RemovedCandidate } from './calculations/filterByCapabilities.js';
export { inferPackagePriority } from './calculations/inferPackagePriority.js';
export { normaliseCapabilities } from './calculations/normaliseCapabilities.js';
export { parseStackOrder } from './calculations/parseStackOrder.js';
export { parseKeyStatuses, type ParsedKeyStatuses } from './calculations/parseKeyStatuses.js';
export { percentile } from './calculations/percentile.js';
export { pickWinner } from './calculations/pickWinner.js';
export { rankCandidates, type Ranking, type ScoredCandidate } from './calculations/rankCandidates.js';
export { scoreCandidate, countMatchedCapabilities } from './calculations/scoreCandidate.js';
export { validateCandidateInput, isValidKey, isValidProvider, type ValidatedCandidate } from './calculations/validateCandidateInput.js';

export { AppSettings } from './config/appSettings.js';
export { CircuitBreakerSettings } from './config/circuitBreakerSettings.js';
export { defaultSettings } from './config/defaultSettings.js';
export { LAYER_SECTIONS, type LayerSection } from './config/layerSection.js';
export { LayerSettings } from './config/layerSettings.js';
export { LifecycleSettings } from './config/lifecycleSettings.js';
export { loadSettings, type LoadedSettings, type LoadSettingsOptions } from './config/loadSettings.js';
export { LOG_LEVELS, type LogLevel } from './config/logLevel.js';
export { LoggingSettings } from './config/loggingSettings.js';
export { OneiricSettings } from './config/oneiricSettings.js';
export { parseSettings } from './config/parseSettings.js';
export { sectionForDomain } from './config/sectionForDomain.js';

export {
  domainToken, instanceToken, adapterToken, serviceToken, taskToken, eventToken, workflowToken, actionToken,
} from './container/domainToken.js';
export {
  InjectKey, InjectAdapter, InjectService, InjectTask, InjectEventHandler, InjectWorkflow, InjectAction,
  type InjectDecorator,
} from './container/injectDecorators.js';
export { createLiveReference, currentTarget, isLiveReference } from './container/liveReference.js';
export { PROVIDER_SETTINGS, InjectSettings } from './container/providerSettingsToken.js';

export { Action } from './decorators/action.js';
export { Adapter } from './decorators/adapter.js';
export { candidateInputFromClass } from './decorators/candidateInputFromClass.js';
export { EventHandler } from './decorators/eventHandler.js';
export { Provider, type PriorityOrOptions } from './decorators/provider.js';
export { getProviderMetadata, setProviderMetadata, type ProviderMetadata, type ProviderOptions } from './decorators/providerMetadata.js';
export { Service } from './decorators/service.js';
export { Task } from './decorators/task.js';
export { Workflow } from './decorators/workflow.js';

export { ConfigError, ConfigErrorKind } from './errors/configError.js';
export { LifecycleError, LifecycleErrorKind } from './errors/lifecycleError.js';
export { ResiliencyError, ResiliencyErrorKind } from './errors/resiliencyError.js';
export { TimeoutError } from './errors/timeoutError.js';
export { OneiricError, type OneiricErrorContext } from './errors/oneiricError.js';
export { RegistrationError, RegistrationErrorKind } from './errors/registrationError.js';
export { ResolutionError, ResolutionErrorKind } from './errors/resolutionError.js';

export {
  LifecycleManager, type CloseOptions, type LifecycleManagerOptions, type ProviderSettingsSource, type SwapOptions, type SwapResult,
} from './lifecycle/lifecycleManager.js';
export { DEFAULT_LIFECYCLE_TIMEOUTS, type LifecycleTimeouts } from './lifecycle/lifecycleTimeouts.js';
export { StatusStore, STATUS_FILE_NAME } from './lifecycle/statusStore.js';
export { validateProviderSettings } from './lifecycle/validateProviderSettings.js';
export { writeFileAtomic } from './lifecycle/writeFileAtomic.js';
export { readBoundedBody } from './io/readBoundedBody.js';

export { createLogger, createSilentLogger, type CreateLoggerOptions, type OneiricLogger } from './logging/createLogger.js';

export type { ActiveInstance, CallGuard, LiveSlot } from './models/activeInstance.js';
export type { Candidate } from './models/candidate.js';
export type { CandidateInput } from './models/candidateInput.js';
export { PRECEDENCE_TIERS, type CandidateScore, type PrecedenceTier } from './models/candidateScore.js';
export { CANDIDATE_SOURCES, type CandidateSource } from './models/candidateSource.js';
export { DOMAINS, isDomain, type Domain } from './models/domain.js';
export type { Explanation, FilteredCandidateExplanation, RankedCandidateExplanation } from './models/explanation.js';
export { initialKeyStatus, RECENT_SWAP_SAMPLES, type KeyState, type KeyStatus } from './models/keyStatus.js';
export type { ProviderLifecycle, SwapHook, SwapHookContext } from './models/providerHooks.js';
export type { ProviderClass, ProviderFactory, ProviderFactoryFunction } from './models/providerFactory.js';
export type { RegistryChange } from './models/registryChange.js';
export type { ResolveRequest } from './models/resolveRequest.js';

export { CandidateRegistry, keyId, type RegistryListener } from './services/candidateRegistry.js';
export { Resolver, type KeyChangeListener, type RegisterPackageOptions, type ResolverOptions } from './services/resolver.js';

export { DEFAULT_CIRCUIT_BREAKER_OPTIONS, type CircuitBreakerOptions } from './resiliency/circuitBreakerOptions.js';
export { CircuitBreakers, type BreakerStateChange, type ProviderBreaker } from './resiliency/circuitBreakers.js';
export { retryWithBackoff, type RetryOptions } from './resiliency/retryWithBackoff.js';
export { withTimeout } from './resiliency/withTimeout.js';

export { getTracer, TRACER_NAME } from './telemetry/tracer.js';
