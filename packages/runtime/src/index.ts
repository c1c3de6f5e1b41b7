/**
 * `@oneiric/runtime`: one process that runs an Oneiric application with everything around it,
 * and a control channel the `oneiric` CLI talks to.
 * @packageDocumentation
 */
export { createRuntime, type CreateRuntimeOptions } from './runtime/createRuntime.js';
export { Runtime, type RuntimePhase } from './runtime/runtime.js';
export { RuntimeError, RuntimeErrorKind } from './runtime/runtimeError.js';
export type { RuntimeParts } from './runtime/runtimeParts.js';
export type { TcpAddress } from './runtime/runtimeListeners.js';
export { countInFlight, waitForInFlight } from './runtime/waitForInFlight.js';

export { runRuntimeProcess, type RunRuntimeProcessOptions } from './process/runRuntimeProcess.js';
export { installSignalHandlers, FORCED_EXIT_CODE, type ExitFunction } from './process/installSignalHandlers.js';

export { BUILT_IN_PROFILES, SERVERLESS_DEFAULT_PORT, type ProfileOverlay } from './config/builtInProfiles.js';
export { chooseProfile, type ChosenProfile, type ProfileSources } from './config/chooseProfile.js';
export { loadRuntimeConfig, type RuntimeConfigSource } from './config/loadRuntimeConfig.js';
export { mergeOverlay } from './config/mergeOverlay.js';
export { parseRuntimeSections } from './config/parseRuntimeSections.js';
export { PluginSettings } from './config/pluginSettings.js';
export type { RuntimeConfig } from './config/runtimeConfig.js';
export { RuntimeHttpSettings } from './config/runtimeHttpSettings.js';
export { RUNTIME_SECTION_NAMES, RuntimeSections } from './config/runtimeSections.js';
export { RuntimeSettings, type RemoteStart } from './config/runtimeSettings.js';
export { SecretsSettings } from './config/secretsSettings.js';
export { FleetSettings } from './config/fleetSettings.js';
export { fleetConnectionOf, type ResolvedFleetSettings } from './fleet/fleetConnectionOf.js';
export { fleetStatusViewOf } from './fleet/fleetStatusViewOf.js';
export { runtimeFleetTarget, type RuntimeFleetParts } from './fleet/runtimeFleetTarget.js';
export { startFleetAgent, type FleetAnswer, type RuntimeFleet } from './fleet/startFleetAgent.js';
export { splitSections, type SplitSections } from './config/splitSections.js';

export { createControlServer } from './control/createControlServer.js';
export type { ControlHooks, ControlServerOptions, ControlSurface } from './control/controlServerOptions.js';
export type { ControlTarget, SecretsRotation } from './control/controlTarget.js';
export type { HealthSnapshot, KeyHealth, RemoteHealth } from './models/healthSnapshot.js';
export { buildHealthSnapshot, isReady, remoteHealthOf, type ActivityReading, type HealthInputs, type KeyReading, type RemoteStatusReading } from './health/buildHealthSnapshot.js';
export { HealthSnapshotWriter, type HealthSnapshotWriterOptions } from './health/healthSnapshotWriter.js';
export { readKeyHealth } from './health/readKeyHealth.js';
export { createRuntimeLogger, type RuntimeLogging, type RuntimeLoggerOptions, type RuntimeLoggingSettings } from './logging/createRuntimeLogger.js';
export { createRuntimeMetrics, type RuntimeMetrics } from './metrics/runtimeMetrics.js';
export type { RuntimeMetricSources } from './metrics/runtimeInstruments.js';
export { discoverPlugins, type DiscoverPluginsOptions } from './plugins/discoverPlugins.js';
export { PluginErrorKind, PluginLoadError } from './plugins/pluginErrorKind.js';
export { SecretsHook, type SecretSource, type SecretsHookOptions } from './secrets/secretsHook.js';
export type { PluginEntry, PluginReport } from './models/pluginReport.js';

export { buildStatusPageView } from './statusPage/buildStatusPageView.js';
export { renderStatusPage } from './statusPage/renderStatusPage.js';
export { escapeHtml } from './statusPage/escapeHtml.js';
export { DEFAULT_RECENT_SWAPS, RecentSwaps } from './statusPage/recentSwaps.js';
export { FLEET_VIEW_TIMEOUT_MS, StatusPageFeed, type StatusPageFeedOptions } from './statusPage/statusPageFeed.js';
export type { FleetStatusSource, FleetStatusView } from './statusPage/fleetStatusView.js';
export type { FleetReading, StatusPageSnapshot } from './statusPage/statusPageSnapshot.js';
export type { StatusCell, StatusFact, StatusPageView, StatusSection, StatusTable, StatusTone } from './statusPage/statusPageView.js';
export type { SwapRecord } from './statusPage/swapRecord.js';

export {
  ControlClient, ControlError, ControlErrorKind, findRuntime, isProcessAlive, readRuntimeRecord, runtimePaths,
  type ControlClientOptions, type ControlErrorDetails, type ControlErrorKindName, type ControlMethod, type RuntimePaths, type RuntimeRecord,
} from './client/index.js';
