/** Turns what `register()` accepts (a decorated class or a candidate input) into a candidate input. */
import { candidateInputFromClass } from '../decorators/candidateInputFromClass.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { CandidateSource } from '../models/candidateSource.js';
import type { Registrable } from './oneiricOptions.js';

/** The candidate input of a registrable entry, with `source` filled in when the entry has none. */
export function toCandidateInput(entry: Registrable, source?: CandidateSource): CandidateInput {
  if (typeof entry === 'function') {
    return candidateInputFromClass(entry, source);
  }
  return source === undefined || entry.source !== undefined ? entry : { ...entry, source };
}
