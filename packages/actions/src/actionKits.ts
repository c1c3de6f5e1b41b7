/** The list of every built-in action kit, in the order `oneiric list` shows them. */
import { automationTriggerKit } from './actions/automationTrigger.js';
import { compressionDecodeKit } from './actions/compressionDecode.js';
import { compressionEncodeKit } from './actions/compressionEncode.js';
import { compressionHashKit } from './actions/compressionHash.js';
import { dataSanitizeKit } from './actions/dataSanitize.js';
import { dataTransformKit } from './actions/dataTransform.js';
import { debugConsoleKit } from './actions/debugConsole.js';
import { eventDispatchKit } from './actions/eventDispatch.js';
import { httpFetchKit } from './actions/httpFetch.js';
import { securitySecureKit } from './actions/securitySecure.js';
import { securitySignatureKit } from './actions/securitySignature.js';
import { serializationDecodeKit } from './actions/serializationDecode.js';
import { serializationEncodeKit } from './actions/serializationEncode.js';
import { taskScheduleKit } from './actions/taskSchedule.js';
import { validationSchemaKit } from './actions/validationSchema.js';
import { workflowAuditKit } from './actions/workflowAudit.js';
import { workflowNotifyKit } from './actions/workflowNotify.js';
import { workflowOrchestrateKit } from './actions/workflowOrchestrate.js';
import { workflowRetryKit } from './actions/workflowRetry.js';
import type { ActionKitDefinition } from './models/actionKitDefinition.js';

/**
 * Every built-in action, one entry per key.
 * @category Registration
 */
export const ACTION_KITS: readonly ActionKitDefinition[] = [
  compressionEncodeKit, compressionDecodeKit, compressionHashKit,
  securitySignatureKit, securitySecureKit,
  serializationEncodeKit, serializationDecodeKit,
  dataTransformKit, dataSanitizeKit, validationSchemaKit,
  automationTriggerKit, eventDispatchKit, httpFetchKit, taskScheduleKit,
  workflowOrchestrateKit, workflowAuditKit, workflowNotifyKit, workflowRetryKit,
  debugConsoleKit,
];

/**
 * Every built-in action key.
 * @category Registration
 */
export const ACTION_KEYS: readonly string[] = ACTION_KITS.map((kit) => kit.key);
