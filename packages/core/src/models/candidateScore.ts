/** The five precedence tiers of one candidate, compared in this order, highest wins. */

/**
 * Names of the precedence tiers, in comparison order.
 * @category Models
 */
export const PRECEDENCE_TIERS = ['selection', 'capabilities', 'priority', 'stackLevel', 'registration'] as const;

/**
 * One precedence tier.
 * @category Models
 */
export type PrecedenceTier = (typeof PRECEDENCE_TIERS)[number];

/**
 * A candidate's value on each tier.
 * @category Models
 */
export interface CandidateScore {
  /** 1 when the key's selection names this provider, else 0. */
  readonly selection: number;
  /** Number of requested capabilities the candidate has (0 when none requested). */
  readonly capabilities: number;
  /** The candidate's priority. */
  readonly priority: number;
  /** The candidate's stack level. */
  readonly stackLevel: number;
  /** The candidate's registration sequence. */
  readonly registration: number;
}
