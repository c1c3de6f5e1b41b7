// Unit tests: every bridge entry point (task run, scheduler, event dispatch, action invoke,
// workflow run) honours the application's admission with the same AdmissionError as live references.
import { jest } from '@jest/globals';
import { Action, AdmissionError, EventHandler, Oneiric, Task, Workflow } from '@oneiric/core';
import { IsString } from 'class-validator';
import { createDomainBridges, type DomainBridges } from '../createDomainBridges.js';
import type { ActionKit } from '../models/actionKit.js';
import type { EventEnvelope } from '../models/eventEnvelope.js';
import { TaskScheduler } from './taskScheduler.js';

const calls: string[] = [];

@Task('report', 'default', { metadata: { intervalMs: 1_000 } })
class Report {
  public run(): string {
    calls.push('report');
    return 'done';
  }
}

@EventHandler('notify', 'default', { metadata: { topics: ['user.created'], retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } } })
class Notify {
  public handle(envelope: EventEnvelope): string {
    calls.push(`notify:${envelope.topic}`);
    return 'notified';
  }
}

class PingPayload {
  @IsString()
  public text = '';
}

@Action('ping', 'default')
class Ping implements ActionKit<PingPayload, string> {
  public readonly payloadType = PingPayload;
  public execute(payload: PingPayload): string {
    calls.push(`ping:${payload.text}`);
    return payload.text;
  }
}

@Workflow('nightly', 'default', { metadata: { nodes: [{ id: 'report', task: 'report', retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } }] } })
class Nightly {}

let app: Oneiric;
let bridges: DomainBridges;

beforeEach(async () => {
  calls.length = 0;
  app = new Oneiric();
  app.register(Report, Notify, Ping, Nightly);
  await app.start();
  // In memory, not connected: the admission is set on the application directly.
  bridges = await createDomainBridges(app, { connectAdmission: false });
});

afterEach(async () => {
  jest.useRealTimers();
  await bridges.close();
  await app.close();
});

describe('bridges honouring the application admission', () => {
  it('refuses a task run with AdmissionError and records it as skipped; opening restores it', async () => {
    app.setAdmission('task', 'report', 'paused', { note: 'quota' });
    await expect(bridges.tasks.run('report')).rejects.toMatchObject({ family: 'AdmissionError', kind: 'paused', message: 'task:report is paused (note: quota)' });
    expect(bridges.tasks.history('report')).toMatchObject([{ status: 'skipped', error: 'task:report is paused (note: quota)' }]);
    expect(bridges.tasks.isAccepting('report')).toBe(false);
    app.setAdmission('task', 'report', 'open');
    await expect(bridges.tasks.run('report')).resolves.toBe('done');
    expect(calls).toEqual(['report']);
  });

  it('makes the scheduler skip due runs of a draining task, and run them again once open', async () => {
    jest.useFakeTimers({ now: Date.parse('2025-01-02T00:00:00Z') });
    const scheduler = new TaskScheduler(bridges.tasks);
    scheduler.start();
    try {
      app.setAdmission('task', 'report', 'draining');
      await jest.advanceTimersByTimeAsync(1_000);
      expect(bridges.tasks.history('report')).toMatchObject([{ trigger: 'schedule', status: 'skipped', error: 'draining' }]);
      app.setAdmission('task', 'report', 'open');
      await jest.advanceTimersByTimeAsync(1_000);
      expect(bridges.tasks.history('report').map((outcome) => outcome.status)).toEqual(['skipped', 'succeeded']);
    } finally {
      await scheduler.stop();
    }
  });

  it('reports a paused event handler as one failed result without retrying, and the other dispatches keep working', async () => {
    await expect(bridges.events.dispatch('user.created', {})).resolves.toMatchObject([{ success: true, value: 'notified' }]);
    app.setAdmission('event', 'notify', 'paused');
    const [refused] = await bridges.events.dispatch('user.created', {});
    expect(refused).toMatchObject({ success: false, attempts: 1, error: 'event:notify is paused' });
    app.setAdmission('event', 'notify', 'open');
    await expect(bridges.events.dispatch('user.created', {})).resolves.toMatchObject([{ success: true }]);
    expect(calls).toEqual(['notify:user.created', 'notify:user.created']);
  });

  it('refuses an action invoke while draining', async () => {
    app.setAdmission('action', 'ping', 'draining', { note: 'deploy' });
    const refused = bridges.actions.execute('ping', { text: 'hi' });
    await expect(refused).rejects.toBeInstanceOf(AdmissionError);
    await expect(refused).rejects.toMatchObject({ kind: 'draining', message: 'action:ping is draining (note: deploy)' });
    app.setAdmission('action', 'ping', 'open');
    await expect(bridges.actions.execute('ping', { text: 'hi' })).resolves.toBe('hi');
    expect(calls).toEqual(['ping:hi']);
  });

  it('refuses a workflow run of a paused workflow, and fails a node whose task is paused without retrying it', async () => {
    app.setAdmission('workflow', 'nightly', 'paused');
    await expect(bridges.workflows.run('nightly')).rejects.toMatchObject({ family: 'AdmissionError', kind: 'paused' });
    app.setAdmission('workflow', 'nightly', 'open');

    app.setAdmission('task', 'report', 'paused');
    await expect(bridges.workflows.run('nightly')).rejects.toMatchObject({ kind: 'workflowNodeFailed', message: 'Workflow nightly failed at node report: task:report is paused' });
    expect(bridges.tasks.history('report')).toMatchObject([{ status: 'skipped' }]);
    app.setAdmission('task', 'report', 'open');
    await expect(bridges.workflows.run('nightly', { resume: true })).resolves.toMatchObject({ workflow: 'nightly' });
    expect(calls).toEqual(['report']);
  });
});

describe('enqueue without a queue adapter', () => {
  it('refuses with DomainError noQueue naming the key, after checking the task or workflow exists', async () => {
    await expect(bridges.tasks.enqueue('report')).rejects.toMatchObject({ kind: 'noQueue', message: expect.stringContaining('adapter:queue') as unknown });
    await expect(bridges.workflows.enqueue('nightly')).rejects.toMatchObject({ kind: 'noQueue' });
    await expect(bridges.tasks.enqueue('nosuch')).rejects.toMatchObject({ kind: 'noCandidate' });
  });
});
