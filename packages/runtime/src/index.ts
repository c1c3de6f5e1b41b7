/**
 * `@oneiric/runtime`: one process that runs an Oneiric application with everything around it,
 * and a control channel the `oneiric` CLI talks to.
 * @packageDocumentation
 */
export { createRuntime, type CreateRuntimeOptions } from './runtime/createRuntime.js';
export { Runtime, type RuntimePhase } from './runtime/runtime.js';
export { RuntimeError, RuntimeErrorKind } from './runtime/runtimeError.js';
export type { RotatableSecrets, RuntimeParts } from './runtime/runtimeParts.js';
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
export { splitSections, type SplitSections } from './config/splitSections.js';

export { createControlServer } from './control/createControlServer.js';
export type { ControlHooks, ControlServerOptions, ControlSurface } from './control/controlServerOptions.js';
export type { ControlTarget, SecretsRotation } from './control/controlTarget.js';
export type { HealthSnapshot, KeyHealth, RemoteHealth } from './models/healthSnapshot.js';
export type { PluginEntry, PluginReport } from './models/pluginReport.js';

export { ControlClient, ControlError, ControlErrorKind, findRuntime, runtimePaths, type RuntimePaths, type RuntimeRecord } from './client/index.js';
