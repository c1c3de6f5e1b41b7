// Unit tests of planWorkflow: layering of valid DAGs and the typed errors of invalid ones.
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import { planWorkflow } from './planWorkflow.js';

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('planWorkflow', () => {
  describe('having a valid DAG', () => {
    it('puts the two middle nodes of a diamond in one layer, with no edge inside a layer', () => {
      const nodes = [
        { id: 'end', task: 't', dependsOn: ['left', 'right'] },
        { id: 'left', task: 't', dependsOn: ['start'] },
        { id: 'start', task: 't' },
        { id: 'right', task: 't', dependsOn: ['start'] },
      ];
      const layers = planWorkflow('wf', { nodes });
      expect(layers).toEqual([['start'], ['left', 'right'], ['end']]);
      for (const layer of layers) {
        for (const id of layer) {
          const node = nodes.find((entry) => entry.id === id)!;
          expect((node.dependsOn ?? []).some((dependency) => layer.includes(dependency))).toBe(false);
        }
      }
    });

    it('runs independent nodes in the first layer in declaration order', () => {
      expect(planWorkflow('wf', { nodes: [{ id: 'b', task: 't' }, { id: 'a', task: 't' }] })).toEqual([['b', 'a']]);
    });
  });

  describe('having an invalid DAG', () => {
    it('rejects a 2-node cycle naming both nodes', () => {
      // a and b depend on each other: no layering exists.
      const error = errorOf(() => planWorkflow('wf', { nodes: [{ id: 'a', task: 't', dependsOn: ['b'] }, { id: 'b', task: 't', dependsOn: ['a'] }] }));
      expect(error.kind).toBe(DomainErrorKind.workflowCycle);
      expect(error.message).toBe('Workflow wf has a cycle among nodes: a -> b -> a');
    });

    it('rejects a 3-node cycle behind a valid node, naming only the cycle', () => {
      // root is fine; x -> y -> z -> x is a cycle.
      const error = errorOf(() => planWorkflow('wf', { nodes: [
        { id: 'root', task: 't' },
        { id: 'x', task: 't', dependsOn: ['root', 'z'] },
        { id: 'y', task: 't', dependsOn: ['x'] },
        { id: 'z', task: 't', dependsOn: ['y'] },
      ] }));
      expect(error.kind).toBe(DomainErrorKind.workflowCycle);
      expect(error.message).toContain('x -> z -> y -> x');
    });

    it('rejects a self-dependency as a cycle', () => {
      expect(errorOf(() => planWorkflow('wf', { nodes: [{ id: 'a', task: 't', dependsOn: ['a'] }] })).kind).toBe(DomainErrorKind.workflowCycle);
    });

    it('rejects a dependency on an unknown node, naming the edge', () => {
      // ghost is not a node of the workflow (the original failed late with "missing runner").
      const error = errorOf(() => planWorkflow('wf', { nodes: [{ id: 'a', task: 't', dependsOn: ['ghost'] }] }));
      expect(error.kind).toBe(DomainErrorKind.workflowUnknownDependency);
      expect(error.message).toBe('Workflow wf has dependencies on unknown nodes: a -> ghost');
    });

    it('rejects duplicate ids, naming them', () => {
      // two nodes called a: results and checkpoints are keyed by id.
      const error = errorOf(() => planWorkflow('wf', { nodes: [{ id: 'a', task: 't' }, { id: 'a', task: 'u' }] }));
      expect(error.kind).toBe(DomainErrorKind.workflowDuplicateNode);
      expect(error.message).toContain('duplicate node ids: a');
    });

    it('rejects a missing node list, a node without a task, and a dependsOn that is not a list', () => {
      // each is malformed metadata: workflowInvalid with the node's position or id.
      expect(errorOf(() => planWorkflow('wf', undefined)).kind).toBe(DomainErrorKind.workflowInvalid);
      expect(errorOf(() => planWorkflow('wf', { nodes: [] })).kind).toBe(DomainErrorKind.workflowInvalid);
      expect(errorOf(() => planWorkflow('wf', { nodes: [{ id: 'a' } as never] })).message).toBe('Workflow wf: node #0 needs a non-empty id and task');
      expect(errorOf(() => planWorkflow('wf', { nodes: [{ id: 'a', task: 't', dependsOn: 'b' as never }] })).kind).toBe(DomainErrorKind.workflowInvalid);
    });
  });
});

describe('planWorkflow on random DAGs', () => {
  it('places every node once, after all its dependencies', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 12 }).chain((size) => fc.tuple(
        fc.constant(size),
        fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: 30 }),
      )),
      ([size, pairs]) => {
        // Edges only go from a lower to a higher index, so the graph is acyclic by construction.
        const nodes = Array.from({ length: size }, (_, index) => ({
          id: `n${index}`,
          task: 't',
          dependsOn: [...new Set(pairs.filter(([from, to]) => to === index && from < to).map(([from]) => `n${from}`))],
        }));
        const layers = planWorkflow('wf', { nodes });
        const layerOf = new Map(layers.flatMap((layer, depth) => layer.map((id) => [id, depth] as const)));
        expect(layerOf.size).toBe(size);
        for (const node of nodes) {
          for (const dependency of node.dependsOn) {
            expect(layerOf.get(dependency)!).toBeLessThan(layerOf.get(node.id)!);
          }
        }
      },
    ), { numRuns: 200 });
  });
});
