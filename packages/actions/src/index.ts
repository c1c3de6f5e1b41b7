/**
 * `@oneiric/actions`: the built-in action kits — compression, hashing, HMAC signatures, tokens,
 * JWT and passwords, serialization, data shaping and sanitising, JSON Schema validation,
 * rule triggers, event dispatch, HTTP, schedule planning, workflow planning, audit, notify and
 * retry, debug logging — each one provider (`builtin`) in the `action` domain.
 *
 * It is also a providers module for the CLI: `oneiric --import @oneiric/actions list --domain action`.
 * @packageDocumentation
 */
// Core first: it loads the Reflect metadata polyfill that the payload classes' decorators need.
import '@oneiric/core';
export { ACTION_KEYS, ACTION_KITS } from './actionKits.js';
export { registerActionKits, register, BUILTIN_PROVIDER, ACTIONS_PACKAGE, type RegisterActionKitsOptions } from './registerActionKits.js';
export { ActionError, ActionErrorKind } from './errors/actionError.js';
export type { ActionContext, EventSink } from './models/actionContext.js';
export type { BuiltinAction } from './models/actionKit.js';
export type { ActionKitDefinition } from './models/actionKitDefinition.js';
export type { TextEncoding } from './calculations/decodeText.js';
export type { Argon2Cost } from './calculations/passwordHashes.js';
export { CONDITION_OPERATORS, evaluateCondition, type Condition, type ConditionOperator } from './calculations/evaluateCondition.js';
export { layerSteps, type LayeringOutcome, type PlannableStep, type PlanProblem } from './calculations/layerSteps.js';
export { redactSecrets, isSecretName, REDACTED } from './calculations/redactSecrets.js';
export { COMPRESSION_ALGORITHMS, type CompressionAlgorithm } from './codecs/compressionAlgorithm.js';
export { ZSTD_PEER_PACKAGE } from './codecs/loadZstd.js';

export { AutomationTrigger, AutomationTriggerPayload, TriggerCondition, TriggerRule, type AutomationTriggerResult, type TriggerMatch } from './actions/automationTrigger.js';
export { CompressionDecode, CompressionDecodePayload, CompressionDecodeSettings, type CompressionDecodeResult } from './actions/compressionDecode.js';
export { CompressionEncode, CompressionEncodePayload, type CompressionEncodeResult } from './actions/compressionEncode.js';
export { CompressionHash, CompressionHashPayload, type CompressionHashResult, type HashAlgorithm } from './actions/compressionHash.js';
export { DataSanitize, DataSanitizePayload, type DataSanitizeResult } from './actions/dataSanitize.js';
export { DataTransform, DataTransformPayload, type DataTransformResult } from './actions/dataTransform.js';
export { DebugConsole, DebugConsolePayload, DebugConsoleSettings, type DebugConsoleResult } from './actions/debugConsole.js';
export { EventDispatch, EventDispatchPayload, EventDispatchSettings, WebhookTarget, type EventDispatchResult, type WebhookOutcome } from './actions/eventDispatch.js';
export { HttpFetch, HttpFetchPayload, HttpFetchSettings, type HttpFetchResult } from './actions/httpFetch.js';
export { JWT_ALGORITHMS, type JwtAlgorithm } from './actions/jwtOperations.js';
export { SecuritySecure, SecuritySecurePayload, SecuritySecureSettings, type SecureOperation, type SecuritySecureResult } from './actions/securitySecure.js';
export { SecuritySignature, SecuritySignaturePayload, SIGNATURE_HEADER, type SecuritySignatureResult } from './actions/securitySignature.js';
export { SerializationDecode, SerializationDecodePayload, type SerializationDecodeResult } from './actions/serializationDecode.js';
export { SerializationEncode, SerializationEncodePayload, SERIALIZATION_FORMATS, type SerializationEncodeResult, type SerializationFormat } from './actions/serializationEncode.js';
export { TaskSchedule, TaskSchedulePayload, type TaskScheduleResult } from './actions/taskSchedule.js';
export { ValidationSchema, ValidationSchemaPayload, type SchemaViolation, type ValidationSchemaResult } from './actions/validationSchema.js';
export { WorkflowAudit, WorkflowAuditPayload, WorkflowAuditSettings, type WorkflowAuditResult } from './actions/workflowAudit.js';
export { WorkflowNotify, WorkflowNotifyPayload, type Notification, type NotifyLevel, type WorkflowNotifyResult } from './actions/workflowNotify.js';
export { WorkflowOrchestrate, WorkflowOrchestratePayload, OrchestrationStep, type PlannedStep, type WorkflowOrchestrateResult } from './actions/workflowOrchestrate.js';
export { WorkflowRetry, WorkflowRetryPayload, type WorkflowRetryResult } from './actions/workflowRetry.js';
