/** Validates a workflow DAG and splits it into dependency layers (a pure calculation). */
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { WorkflowDefinition, WorkflowNode } from '../models/workflowDefinition.js';

/**
 * The node ids in layers: layer 0 has no dependencies, each later layer depends only on
 * earlier ones, so the nodes of one layer can run concurrently. Ids inside a layer keep
 * declaration order, so the plan is deterministic.
 * @param workflow - the workflow key, for messages
 * @throws DomainError `workflowInvalid` (no nodes, a node without id or task),
 *   `workflowDuplicateNode`, `workflowUnknownDependency`, `workflowCycle`, each naming the nodes
 * @category Calculations
 */
export function planWorkflow(workflow: string, definition: WorkflowDefinition | undefined): string[][] {
  const context = { domain: 'workflow', key: workflow };
  const declared: unknown = definition?.nodes;
  if (!Array.isArray(declared) || declared.length === 0) {
    throw new DomainError(DomainErrorKind.workflowInvalid, `Workflow ${workflow} declares no nodes (metadata.nodes)`, context);
  }
  // Metadata is user input typed only by convention: check the shape before trusting the type.
  const nodes = declared as readonly WorkflowNode[];
  const ids = new Set<string>();
  const duplicates = new Set<string>();
  for (const [index, node] of nodes.entries()) {
    if (typeof node?.id !== 'string' || node.id === '' || typeof node.task !== 'string' || node.task === '') {
      throw new DomainError(DomainErrorKind.workflowInvalid, `Workflow ${workflow}: node #${index} needs a non-empty id and task`, context);
    }
    const dependsOn: unknown = node.dependsOn;
    if (dependsOn !== undefined && (!Array.isArray(dependsOn) || dependsOn.some((id) => typeof id !== 'string'))) {
      throw new DomainError(DomainErrorKind.workflowInvalid, `Workflow ${workflow}: node ${node.id} has a dependsOn that is not a list of ids`, context);
    }
    if (ids.has(node.id)) {
      duplicates.add(node.id);
    }
    ids.add(node.id);
  }
  if (duplicates.size > 0) {
    throw new DomainError(DomainErrorKind.workflowDuplicateNode, `Workflow ${workflow} has duplicate node ids: ${[...duplicates].join(', ')}`, context);
  }
  const unknown = nodes.flatMap((node) => (node.dependsOn ?? []).filter((dependency) => !ids.has(dependency)).map((dependency) => `${node.id} -> ${dependency}`));
  if (unknown.length > 0) {
    throw new DomainError(DomainErrorKind.workflowUnknownDependency, `Workflow ${workflow} has dependencies on unknown nodes: ${unknown.join(', ')}`, context);
  }
  const placed = new Set<string>();
  const layers: string[][] = [];
  let remaining = nodes.map((node) => ({ id: node.id, dependsOn: node.dependsOn ?? [] }));
  while (remaining.length > 0) {
    const layer = remaining.filter((node) => node.dependsOn.every((dependency) => placed.has(dependency))).map((node) => node.id);
    if (layer.length === 0) {
      throw new DomainError(DomainErrorKind.workflowCycle, `Workflow ${workflow} has a cycle among nodes: ${cycleOf(remaining).join(' -> ')}`, context);
    }
    for (const id of layer) {
      placed.add(id);
    }
    layers.push(layer);
    remaining = remaining.filter((node) => !placed.has(node.id));
  }
  return layers;
}

// Every unplaced node has an unplaced dependency, so walking dependencies must revisit a node: that loop is the cycle.
function cycleOf(remaining: ReadonlyArray<{ id: string; dependsOn: readonly string[] }>): string[] {
  const byId = new Map(remaining.map((node) => [node.id, node]));
  const path: string[] = [];
  let current = remaining[0];
  while (current !== undefined && !path.includes(current.id)) {
    path.push(current.id);
    const next = current.dependsOn.find((dependency) => byId.has(dependency));
    current = next === undefined ? undefined : byId.get(next);
  }
  if (current === undefined) {
    return path;
  }
  const cycle = path.slice(path.indexOf(current.id));
  return [...cycle, current.id];
}
