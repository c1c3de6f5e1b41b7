// A process that runs a workflow through the BUILT packages and hangs in its second node, to be killed mid-run.
import { appendFileSync } from 'node:fs';
import { Oneiric } from '@oneiric/core';
import { createDomainBridges } from '../../dist/index.js';

const [cacheDir, marker] = process.argv.slice(2);

class Extract {
  run() {
    appendFileSync(marker, 'extract\n');
    return { rows: 3 };
  }
}

class Transform {
  async run() {
    appendFileSync(marker, 'transform-started\n');
    // Never finishes: the test kills this process with SIGKILL while it waits here.
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    return 'never';
  }
}

const app = new Oneiric();
const task = (key, target) => ({ domain: 'task', key, provider: 'default', factory: { kind: 'class', target } });
app.register(task('extract', Extract), task('transform', Transform));
const bridges = await createDomainBridges(app, { cacheDir, watchActivity: false });
bridges.workflows.register({
  domain: 'workflow', key: 'etl', provider: 'default', factory: { kind: 'function', build: () => ({}) },
  metadata: { version: '1', nodes: [
    { id: 'extract', task: 'extract' },
    { id: 'transform', task: 'transform', dependsOn: ['extract'] },
    { id: 'load', task: 'load', dependsOn: ['transform'] },
  ] },
});
await bridges.workflows.run('etl', { context: { source: 'child' } });
