// workflow.audit, workflow.notify, workflow.retry, debug.console and automation.trigger: redaction, logging, notifier use, backoff, rule order.
import { Oneiric, type OneiricLogger } from '@oneiric/core';
import { AutomationTrigger } from './automationTrigger.js';
import { DebugConsole, DebugConsoleSettings } from './debugConsole.js';
import { WorkflowAudit } from './workflowAudit.js';
import { WorkflowNotify, type Notification } from './workflowNotify.js';
import { WorkflowRetry } from './workflowRetry.js';
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';

function recordingLogger(): { logger: OneiricLogger; lines: { level: string; message: string; meta: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; meta: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, meta: Record<string, unknown> = {}): void => {
    lines.push({ level, message, meta });
  };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as unknown as OneiricLogger, lines };
}

describe('WorkflowAudit.execute', () => {
  it('redacts secret-looking and extra fields at any depth, and logs the redacted record only', async () => {
    const { logger, lines } = recordingLogger();
    const action = new WorkflowAudit({ app: new Oneiric(), logger });
    const record = await invoke(action, { event: 'refund', details: { amount: 5, apiKey: 'k', monkey: 'fine', nested: [{ password: 'p', refreshToken: 'r' }], iban: 'FR76' }, redactFields: ['IBAN'] });
    expect(record).toMatchObject({ status: 'recorded', event: 'refund', channel: 'audit' });
    expect(record.details).toEqual({ amount: 5, apiKey: '[redacted]', monkey: 'fine', nested: [{ password: '[redacted]', refreshToken: '[redacted]' }], iban: '[redacted]' });
    expect(JSON.stringify(lines)).not.toMatch(/"k"|"p"|"r"|FR76/);
  });
});

describe('WorkflowNotify.execute', () => {
  it('logs when no notifier is active, and sends through the active notifier adapter otherwise', async () => {
    const { logger, lines } = recordingLogger();
    const app = new Oneiric();
    const action = new WorkflowNotify({ app, logger });
    await expect(invoke(action, { message: 'deployed', level: 'warning' })).resolves.toMatchObject({ status: 'logged', via: 'log' });
    expect(lines[0]).toMatchObject({ level: 'warn', message: 'notification' });
    const sent: Notification[] = [];
    app.register({ domain: 'adapter', key: 'notifier', provider: 'memory', factory: { kind: 'function', build: () => ({ send: (notification: Notification) => { sent.push(notification); } }) } });
    await app.start();
    await expect(invoke(action, { message: 'deployed', recipients: ['ops@example.com'], metadata: { token: 't' } })).resolves.toMatchObject({ status: 'sent', via: 'adapter:memory' });
    expect(sent).toEqual([{ message: 'deployed', channel: 'default', level: 'info', recipients: ['ops@example.com'], metadata: { token: '[redacted]' } }]);
    await app.close();
  });

  it('reports a failing notifier as requestFailed', async () => {
    const app = new Oneiric();
    app.register({ domain: 'adapter', key: 'notifier', provider: 'broken', factory: { kind: 'function', build: () => ({ send: () => Promise.reject(new Error('smtp down')) }) } });
    await app.start();
    const error = await actionErrorOf(invoke(new WorkflowNotify({ app, logger: recordingLogger().logger }), { message: 'x' }));
    expect(error.kind).toBe(ActionErrorKind.requestFailed);
    await app.close();
  });
});

describe('WorkflowRetry.execute', () => {
  it('schedules with core backoff (base × 2^(attempt-1), capped, jittered) until the attempts are used', async () => {
    const middle = new WorkflowRetry(() => 0.5);
    await expect(invoke(middle, { attempt: 1 })).resolves.toMatchObject({ status: 'scheduled', nextAttempt: 2, delayMs: 1000, remainingAttempts: 1 });
    await expect(invoke(middle, { attempt: 2, maxAttempts: 10, baseDelayMs: 100 })).resolves.toMatchObject({ delayMs: 200 });
    await expect(invoke(middle, { attempt: 9, maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 5000 })).resolves.toMatchObject({ delayMs: 5000 });
    // random 0 gives the low end of ±25 %.
    await expect(invoke(new WorkflowRetry(() => 0), { attempt: 1 })).resolves.toMatchObject({ delayMs: 750 });
    await expect(invoke(middle, { attempt: 3, maxAttempts: 3 })).resolves.toEqual({ status: 'exhausted', attempts: 3, maxAttempts: 3 });
  });
});

describe('DebugConsole.execute', () => {
  it('logs one structured line with secrets and configured fields scrubbed', async () => {
    const { logger, lines } = recordingLogger();
    const action = new DebugConsole({ app: new Oneiric(), logger }, Object.assign(new DebugConsoleSettings(), { scrubFields: ['email'] }));
    const line = await invoke(action, { message: 'checkpoint', level: 'warn', data: { step: 3, clientSecret: 's', email: 'a@b.c' } });
    expect(line.data).toEqual({ step: 3, clientSecret: '[redacted]', email: '[redacted]' });
    expect(lines).toEqual([{ level: 'warn', message: 'checkpoint', meta: { action: 'debug.console', step: 3, clientSecret: '[redacted]', email: '[redacted]' } }]);
  });
});

describe('AutomationTrigger.execute', () => {
  const rules = [
    { name: 'big', conditions: [{ path: 'total', operator: 'gt', value: 100 }], action: 'notify' },
    { name: 'eu', conditions: [{ path: 'country', operator: 'in', value: ['FR', 'DE'] }, { path: 'vip', operator: 'truthy' }], action: 'audit' },
    { name: 'never', conditions: [{ path: 'nothing', operator: 'exists' }] },
  ];

  it('stops at the first matching rule by default, and reports every match when asked', async () => {
    const context = { total: 150, country: 'FR', vip: true };
    await expect(invoke(new AutomationTrigger(), { context, rules })).resolves.toEqual({ status: 'triggered', matches: [{ rule: 'big', index: 0, action: 'notify' }], evaluated: 1 });
    const all = await invoke(new AutomationTrigger(), { context, rules, stopOnMatch: false });
    expect(all.matches.map((match) => match.rule)).toEqual(['big', 'eu']);
    expect(all.evaluated).toBe(3);
    await expect(invoke(new AutomationTrigger(), { context: { total: 1 }, rules })).resolves.toMatchObject({ status: 'idle', matches: [] });
  });
});
