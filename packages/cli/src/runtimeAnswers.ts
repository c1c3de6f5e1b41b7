// The runtime's /v1 answers the CLI reads: the runtime's own protocol types (type-only imports,
// erased at run time, so the light client path still loads no server code), under the names
// the CLI's readers use.
import type { HealthSnapshot, KeyHealth } from '@oneiric/runtime/client';

export type { ExplainAnswer, KeyCandidateEntry as KeyCandidateAnswer, KeysAnswer, KeyStatusEntry as KeyStatusAnswer, StatusAnswer } from '@oneiric/runtime/client';

/** One key of the health snapshot (`GET /v1/health`). */
export type KeyHealthAnswer = KeyHealth;

/** `GET /v1/health`: the runtime's health snapshot. */
export type HealthAnswer = HealthSnapshot;
