/**
 * `@oneiric/runtime/client`: what a process needs to talk to a running runtime over its
 * control channel. Loads no Inversify, no class-validator: a CLI command that only sends a
 * request stays fast.
 * @packageDocumentation
 */
export { ControlClient, type ControlClientOptions, type ControlMethod } from './controlClient.js';
export { ControlError, ControlErrorKind, type ControlErrorDetails, type ControlErrorKindName } from './controlError.js';
export { runtimePaths, type RuntimePaths } from './runtimePaths.js';
export { findRuntime, isProcessAlive, readRuntimeRecord, type RuntimeRecord } from './runtimeRecord.js';
export type * from '../control/controlProtocol.js';
export type { HealthSnapshot, KeyHealth, RemoteHealth } from '../models/healthSnapshot.js';
export type { PluginEntry, PluginReport } from '../models/pluginReport.js';
