// The parts of the runtime's /v1 answers the CLI reads (its control protocol), as structural types.
import type { CandidateSource, Domain, Explanation, KeyStatus } from '@oneiric/core';

/** One candidate of `GET /v1/keys`. */
export interface KeyCandidateAnswer {
  readonly key: string;
  readonly provider: string;
  readonly priority: number;
  readonly stackLevel: number;
  readonly source: CandidateSource;
  readonly capabilities: readonly string[];
  readonly description?: string;
  /** Whether the key's selection names this provider. */
  readonly namedBySelection: boolean;
  /** Whether this provider's instance is the key's live one. */
  readonly live: boolean;
}

/** `GET /v1/keys?domain=`. */
export interface KeysAnswer {
  readonly domain: Domain;
  readonly active: readonly KeyCandidateAnswer[];
  readonly shadowed: readonly KeyCandidateAnswer[];
}

/** `GET /v1/explain`: core's explanation and the live provider. */
export type ExplainAnswer = Explanation & { readonly live: string | null };

/** One key of `GET /v1/status`. */
export type KeyStatusAnswer = KeyStatus & {
  readonly winner: string | null;
  readonly selection: string | null;
  readonly shadowed: number;
  readonly paused: boolean;
  readonly draining: boolean;
  readonly note: string | null;
  readonly inFlight: number;
  readonly breaker: string | null;
};

/** `GET /v1/status?domain=&key=`. */
export interface StatusAnswer {
  readonly runtime: { readonly pid: number; readonly startedAt: string; readonly profile: string; readonly phase: string; readonly ready: boolean };
  readonly keys: readonly KeyStatusAnswer[];
}

/** One key of the health snapshot (`GET /v1/health`). */
export interface KeyHealthAnswer {
  readonly domain: string;
  readonly key: string;
  readonly state: string;
  readonly provider?: string;
  readonly healthy: boolean | null;
  readonly paused: boolean;
  readonly draining: boolean;
  readonly breaker?: string;
}

/** `GET /v1/health`: the runtime's health snapshot. */
export interface HealthAnswer {
  readonly pid: number;
  readonly profile: string;
  readonly phase: string;
  readonly ready: boolean;
  readonly keys: readonly KeyHealthAnswer[];
}
