/**
 * `@oneiric/core`: declare interchangeable providers for a role, let explainable precedence
 * pick the live one, inject it as a live reference and swap it at run time.
 *
 * What an application author needs is here, grouped by category; what only Oneiric's own
 * packages need lives in `@oneiric/core/internal` (unstable), and test helpers in
 * `@oneiric/core/testing`.
 * @packageDocumentation
 */
// Decorator metadata needs the Reflect polyfill; importing it here spares every user the step.
import 'reflect-metadata';

// Application
export { Oneiric } from './application/oneiric.js';
export type { BreakerState, OneiricOptions, Registrable, SelectionsByDomain } from './application/oneiricOptions.js';
export type { KeyRef, OneiricEventListener, OneiricEventMap, OneiricEventName, ProviderRef } from './application/oneiricEvents.js';
export { optionsFromSettings, selectionsFromSettings, type OptionsFromSettingsOptions } from './application/optionsFromSettings.js';
export type { CloseOptions, ProviderSettingsSource, SwapOptions, SwapResult } from './lifecycle/swapTypes.js';
export { DEFAULT_LIFECYCLE_TIMEOUTS, type LifecycleTimeouts } from './lifecycle/lifecycleTimeouts.js';

// Keys and injection
export { defineKey, isProviderKey, type ContractOf, type ProviderKey } from './keys/providerKey.js';
export {
  domainToken, instanceToken, adapterToken, serviceToken, taskToken, eventToken, workflowToken, actionToken,
} from './container/domainToken.js';
export {
  Inject, InjectKey, InjectAdapter, InjectService, InjectTask, InjectEventHandler, InjectWorkflow, InjectAction,
  type InjectDecorator,
} from './container/injectDecorators.js';
export { currentTarget, isLiveReference } from './container/liveReference.js';
export { PROVIDER_SETTINGS, InjectSettings } from './container/providerSettingsToken.js';

// Decorators
export { Action } from './decorators/action.js';
export { Adapter } from './decorators/adapter.js';
export { EventHandler } from './decorators/eventHandler.js';
export { Provider, type PriorityOrOptions, type TypedClassDecorator } from './decorators/provider.js';
export type { ProviderOptions } from './decorators/providerMetadata.js';
export { Service } from './decorators/service.js';
export { Task } from './decorators/task.js';
export { Workflow } from './decorators/workflow.js';

// Configuration
export { AppSettings } from './config/appSettings.js';
export { CircuitBreakerSettings } from './config/circuitBreakerSettings.js';
export { LayerSettings } from './config/layerSettings.js';
export { LifecycleSettings } from './config/lifecycleSettings.js';
export { loadSettings, type LoadedSettings, type LoadSettingsOptions } from './config/loadSettings.js';
export { LOG_LEVELS, type LogLevel } from './config/logLevel.js';
export { LoggingSettings } from './config/loggingSettings.js';
export { OneiricSettings } from './config/oneiricSettings.js';

// Errors
export { OneiricError, isOneiricError, type OneiricErrorContext } from './errors/oneiricError.js';
export { AdmissionError, AdmissionErrorKind } from './errors/admissionError.js';
export { ConfigError, ConfigErrorKind } from './errors/configError.js';
export { LifecycleError, LifecycleErrorKind } from './errors/lifecycleError.js';
export { RegistrationError, RegistrationErrorKind } from './errors/registrationError.js';
export { ResiliencyError, ResiliencyErrorKind } from './errors/resiliencyError.js';
export { ResolutionError, ResolutionErrorKind } from './errors/resolutionError.js';
export { TimeoutError } from './errors/timeoutError.js';

// Logging and resiliency
export { createLogger, createSilentLogger, type CreateLoggerOptions, type OneiricLogger } from './logging/createLogger.js';
export { DEFAULT_CIRCUIT_BREAKER_OPTIONS, type CircuitBreakerOptions } from './resiliency/circuitBreakerOptions.js';
export { retryWithBackoff, type RetryOptions } from './resiliency/retryWithBackoff.js';
export { withTimeout } from './resiliency/withTimeout.js';
export { backoffDelay, type BackoffPolicy } from './calculations/backoffDelay.js';
export { readBoundedBody } from './io/readBoundedBody.js';
export type { RegisterPackageOptions } from './services/resolver.js';

// Models
export { ADMISSION_STATES, type AdmissionEntry, type AdmissionState } from './models/admissionState.js';
export type { Candidate } from './models/candidate.js';
export type { CandidateInput } from './models/candidateInput.js';
export { PRECEDENCE_TIERS, type CandidateScore, type PrecedenceTier } from './models/candidateScore.js';
export { CANDIDATE_SOURCES, type CandidateSource } from './models/candidateSource.js';
export { DOMAINS, isDomain, type Domain } from './models/domain.js';
export type { Explanation, FilteredCandidateExplanation, RankedCandidateExplanation } from './models/explanation.js';
export type { KeyState, KeyStatus } from './models/keyStatus.js';
export type { ProviderLifecycle, SwapHook, SwapHookContext } from './models/providerHooks.js';
export type { ProviderClass, ProviderFactory, ProviderFactoryFunction } from './models/providerFactory.js';
export type { ResolveRequest } from './models/resolveRequest.js';

// Telemetry
export { SpanAttribute } from './telemetry/spanAttributes.js';
export { failSpan, inSpan, isTracing, startSpan, withSpan, type InSpanOptions, type SpanKindName } from './telemetry/tracing.js';
export { contextFromHeaders, traceHeaders, type TraceCarrier } from './telemetry/traceCarrier.js';
