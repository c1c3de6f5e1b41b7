// workflow.orchestrate: sorted dependency batches of at most 4, defaults, entry and terminal steps, and refused graphs.
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { WorkflowOrchestrate } from './workflowOrchestrate.js';

const action = new WorkflowOrchestrate();
const step = (stepId: string, dependsOn: string[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ stepId, dependsOn, ...extra });

describe('WorkflowOrchestrate.execute', () => {
  it('plans layers in sorted batches of at most four, with defaults and entry/terminal steps', async () => {
    const steps = ['f', 'e', 'd', 'c', 'b', 'a'].map((id) => step(id)).concat([step('report', ['a', 'f'], { retries: 0, timeoutSeconds: 10 })]);
    const plan = await invoke(action, { steps, workflow: 'nightly', defaultRetries: 5 });
    expect(plan.batches).toEqual([['a', 'b', 'c', 'd'], ['e', 'f'], ['report']]);
    expect(plan.steps.find((planned) => planned.stepId === 'a')).toMatchObject({ retries: 5, timeoutSeconds: 300, batch: 0, action: null });
    expect(plan.steps.at(-1)).toMatchObject({ stepId: 'report', retries: 0, timeoutSeconds: 10, batch: 2 });
    expect(plan.entrySteps).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(plan.terminalSteps).toEqual(['b', 'c', 'd', 'e', 'report']);
    expect(plan.status).toBe('planned');
    await expect(invoke(action, { steps: [step('x')], paused: true })).resolves.toMatchObject({ status: 'paused' });
  });

  it.each([
    [[step('a'), step('a')], 'appears twice'],
    [[step('a', ['a'])], 'depends on itself'],
    [[step('a', ['ghost'])], 'unknown step ghost'],
    [[step('a', ['c']), step('b', ['a']), step('c', ['b']), step('d')], 'steps a, b, c form a cycle'],
  ])('refuses a graph whose problem is "%#" with planInvalid', async (steps, why) => {
    const error = await actionErrorOf(invoke(action, { steps }));
    expect(error.kind).toBe(ActionErrorKind.planInvalid);
    expect(error.message).toContain(why);
  });
});
