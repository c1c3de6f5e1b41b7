/**
 * The JSON documents the `/v1/...` endpoints answer with (types only: a client may import them
 * without loading the server). Errors answer `{ "error": { "kind", "message", ...details } }`.
 */
import type { CandidateSource, Domain, Explanation, KeyStatus, SwapResult } from '@oneiric/core';
import type { ActivityEntry, ActivityState, HandlerResult, WorkflowRunResult } from '@oneiric/domains';
import type { RemoteStatus } from '@oneiric/remote';

/** One registered candidate in `GET /v1/keys`. */
export interface KeyCandidateEntry {
  /** The key. */
  readonly key: string;
  /** The provider. */
  readonly provider: string;
  /** Tier 3 of precedence. */
  readonly priority: number;
  /** Tier 4 of precedence. */
  readonly stackLevel: number;
  /** Where the candidate came from (`local`, `remote`, a package...). */
  readonly source: CandidateSource;
  /** Capability names, sorted. */
  readonly capabilities: readonly string[];
  /** One-line description, when the provider declares one. */
  readonly description?: string;
  /** Whether the key's selection (configuration, manifest or a runtime swap) names this provider. */
  readonly namedBySelection: boolean;
  /** Whether this provider's instance is the key's live one in the runtime. */
  readonly live: boolean;
}

/** `GET /v1/keys?domain=`: each key's winner (`active`) and every other candidate (`shadowed`). */
export interface KeysAnswer {
  /** The domain listed. */
  readonly domain: Domain;
  /** The winner of each key. */
  readonly active: readonly KeyCandidateEntry[];
  /** Every other candidate of the domain. */
  readonly shadowed: readonly KeyCandidateEntry[];
}

/** `GET /v1/explain?domain=&key=`: core's explanation, plus which provider is live. */
export type ExplainAnswer = Explanation & {
  /** The provider whose instance is live in the runtime, or null. */
  readonly live: string | null;
};

/** `POST /v1/swap`: core's swap result. */
export type SwapAnswer = SwapResult;

/** `POST /v1/pause` and `POST /v1/drain`: the key's pause/drain state after the change. */
export type ActivityChangeAnswer = ActivityState & { readonly domain: Domain; readonly key: string };

/** `GET /v1/activity`: every key with a pause/drain state, and totals. */
export interface ActivityAnswer {
  /** Every key with a recorded state, sorted by domain then key. */
  readonly keys: readonly ActivityEntry[];
  /** How many keys are paused, and how many draining. */
  readonly totals: { readonly paused: number; readonly draining: number };
}

/** One key in `GET /v1/status`: its recorded lifecycle status and what the runtime sees now. */
export type KeyStatusEntry = KeyStatus & {
  /** The precedence winner now, or null. */
  readonly winner: string | null;
  /** The key's selection, or null. */
  readonly selection: string | null;
  /** Registered candidates that are not the winner. */
  readonly shadowed: number;
  /** Whether the key refuses new calls. */
  readonly paused: boolean;
  /** Whether the key lets in-flight calls finish and refuses new ones. */
  readonly draining: boolean;
  /** The pause/drain note, or null. */
  readonly note: string | null;
  /** Calls running on the live instance through live references. */
  readonly inFlight: number;
  /** The live provider's circuit breaker (`closed`, `open`, `halfOpen`), or null when unguarded. */
  readonly breaker: string | null;
};

/** `GET /v1/status?domain=&key=`: the runtime and its keys (every domain when `domain` is absent). */
export interface StatusAnswer {
  /** The runtime process: pid, start time, profile, phase and readiness. */
  readonly runtime: {
    /** Process id. */
    readonly pid: number;
    /** When it started (ISO 8601). */
    readonly startedAt: string;
    /** The active profile. */
    readonly profile: string;
    /** `starting`, `running`, `stopping` or `stopped`. */
    readonly phase: string;
    /** Whether `/readyz` answers 200. */
    readonly ready: boolean;
  };
  /** The keys reported, by domain then key. */
  readonly keys: readonly KeyStatusEntry[];
}

/** `POST /v1/events`: one result per handler (a failed handler does not fail the request). */
export interface EventAnswer {
  /** The topic dispatched. */
  readonly topic: string;
  /** One result per handler that received the event. */
  readonly results: readonly HandlerResult[];
}

/** `POST /v1/workflows/:key/runs`: the finished run. */
export type WorkflowRunAnswer = WorkflowRunResult;

/** `POST /v1/workflows/:key/enqueue`: the run put on the queue adapter, for a queue worker to run. */
export interface WorkflowEnqueueAnswer {
  /** The workflow key. */
  readonly key: string;
  /** The queue's id of the message carrying the run. */
  readonly messageId: string;
}

/** `POST /v1/actions/:key/invoke`: what the action returned. */
export interface ActionInvokeAnswer {
  /** The action key. */
  readonly key: string;
  /** The provider that ran. */
  readonly provider: string;
  /** Its result (null for undefined). */
  readonly value: unknown;
  /** Time the action took, in milliseconds. */
  readonly durationMs: number;
}

/** `GET /v1/remote/status`. */
export interface RemoteStatusAnswer {
  /** Whether remote sync is configured. */
  readonly configured: boolean;
  /** Its status, or null when not configured. */
  readonly status: RemoteStatus | null;
}
