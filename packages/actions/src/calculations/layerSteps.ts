/** Orders workflow steps into dependency batches (Kahn's algorithm, sorted, bounded batch size): a pure calculation. */

/**
 * A step as the planner sees it.
 * @category Calculations
 */
export interface PlannableStep {
  readonly stepId: string;
  readonly dependsOn: readonly string[];
}

/**
 * Why a plan is impossible.
 * @category Calculations
 */
export type PlanProblem =
  | { readonly kind: 'duplicate'; readonly stepId: string }
  | { readonly kind: 'selfDependency'; readonly stepId: string }
  | { readonly kind: 'missingDependency'; readonly stepId: string; readonly dependency: string }
  | { readonly kind: 'cycle'; readonly stepIds: readonly string[] };

/**
 * The batches (each runnable once the previous ones are done), or the first problem found.
 * @category Calculations
 */
export type LayeringOutcome = { readonly batches: readonly (readonly string[])[] } | { readonly problem: PlanProblem };

/**
 * Batches of step ids: a step comes after every step it depends on; within a layer, ids are
 * sorted and cut into batches of at most `maxBatchSize`, as the original planner does.
 * @category Calculations
 */
export function layerSteps(steps: readonly PlannableStep[], maxBatchSize: number): LayeringOutcome {
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.stepId)) return { problem: { kind: 'duplicate', stepId: step.stepId } };
    ids.add(step.stepId);
  }
  const waiting = new Map<string, Set<string>>();
  for (const step of steps) {
    for (const dependency of step.dependsOn) {
      if (dependency === step.stepId) return { problem: { kind: 'selfDependency', stepId: step.stepId } };
      if (!ids.has(dependency)) return { problem: { kind: 'missingDependency', stepId: step.stepId, dependency } };
    }
    waiting.set(step.stepId, new Set(step.dependsOn));
  }
  const batches: string[][] = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, dependencies]) => dependencies.size === 0).map(([id]) => id).sort();
    if (ready.length === 0) {
      return { problem: { kind: 'cycle', stepIds: [...waiting.keys()].sort() } };
    }
    for (let start = 0; start < ready.length; start += maxBatchSize) {
      batches.push(ready.slice(start, start + maxBatchSize));
    }
    for (const id of ready) {
      waiting.delete(id);
    }
    for (const dependencies of waiting.values()) {
      ready.forEach((id) => dependencies.delete(id));
    }
  }
  return { batches };
}
