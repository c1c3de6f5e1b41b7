// The samples run as a user runs them (built, in a child process) and tell their story.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeWithService, probeService } from '../packages/adapters/src/testing/liveServices.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const nats = await probeService('nats');

describe('samples', () => {
  describe('quickstart (npm start)', () => {
    it('resolves, explains, re-selects, and the same service reaches the new winner', async () => {
      const { stdout } = await run(process.execPath, ['samples/quickstart/dist/main.js'], { cwd: root, timeout: 20_000 });
      expect(stdout).toContain('adapter:cache -> lru (priority 100, stack level 1)');
      expect(stdout).toContain('#1 lru      beat memory on stack level 1 > 0');
      expect(stdout).toContain('filtered memory: missing required capabilities: eviction');
      expect(stdout).toContain('winner: memory  (selection: memory)');
      expect(stdout).toContain('lamp: 40 (computed, stored in memory)');
    });
  });

  describe('hot-swap', () => {
    it('serves every request across swaps and rolls back the swap to an unhealthy store', async () => {
      const { stdout } = await run(process.execPath, ['samples/hot-swap/dist/main.js'], { cwd: root, timeout: 30_000 });
      expect(stdout).toMatch(/Served \d+ requests, 0 failed\./);
      expect(stdout).toContain('swap to unreachable refused (healthFailed)');
      expect(stdout).toContain('rolled back: state=failed, still live: replica');
      expect(stdout).toMatch(/Served by: primary \d+, replica \d+/);
    });
  });

  describe('events-and-workflows', () => {
    it('fans an event out, resumes a failed workflow from its checkpoint, runs a scheduled task, and retries, audits and notifies with action kits', async () => {
      const { stdout } = await run(process.execPath, ['samples/events-and-workflows/dist/main.js'], { cwd: root, timeout: 30_000 });
      expect(stdout).toContain('notify:sms         ok  texted about A-17');
      expect(stdout).toContain('run failed (workflowNodeFailed)');
      expect(stdout).toContain('skipped: reserve');
      expect(stdout).toContain('task runs: reserve 1, charge 2, ship 1');
      expect(stdout).toMatch(/heartbeat ran \d+ times/);
      expect(stdout).toMatch(/attempt 1 failed \(workflowNodeFailed\); workflow\.retry plans attempt 2 in \d+ ms/);
      expect(stdout).toContain('attempt 3: refunded 42 EUR on A-17');
      expect(stdout).toContain('"card":"[redacted]","bankToken":"[redacted]"');
      expect(stdout).toContain('notify: sent via adapter:desk-inbox; desk inbox holds 1 message(s)');
    });
  });

  describe('remote-manifest', () => {
    it('signs, serves, verifies and syncs a manifest, then resolves the remote provider', async () => {
      const { stdout } = await run(process.execPath, ['samples/remote-manifest/dist/main.js'], { cwd: root, timeout: 30_000 });
      expect(stdout).toMatch(/Synced manifest serial 1: registered service:greeter:remote, signed by [0-9a-f]{16}/);
      expect(stdout).toContain('Hello, world, from the remote manifest');
      expect(stdout).toContain('remote (remote-manifest): beat local on priority 100 > 0');
    });
  });

  describe('redis-failover without REDIS_URL', () => {
    it('runs on the embedded memory cache', async () => {
      // Never with REDIS_URL here: the sample pauses the shared Redis, which parallel suites use.
      const env = { ...process.env };
      delete env['REDIS_URL'];
      const { stdout } = await run(process.execPath, ['samples/redis-failover/dist/main.js'], { cwd: root, timeout: 30_000, env });
      expect(stdout).toContain('REDIS_URL is not set: running on the embedded memory cache; read back "hello".');
    });
  });

  describeWithService(nats, 'fleet (npm run sample:fleet)', () => {
    it('starts three runtimes, promotes a healthy rollout step by step, rolls back the one whose canary fails its health check, and stops them', async () => {
      const { stdout } = await run(process.execPath, ['samples/fleet/dist/main.js'], { cwd: root, timeout: 90_000, env: { PATH: process.env['PATH'] ?? '', NATS_URL: nats.url } });
      expect(stdout).toMatch(/Three runtime instances steered through the NATS bucket oneiric_fleet_sample_\w+: instance-a=v1 instance-b=v1 instance-c=v1/);
      expect(stdout).toContain('Rollout of adapter:greeter v1 -> v2');
      expect(stdout).toContain('Rollout promoted.');
      expect(stdout).toContain('Every instance runs: instance-a=v2 instance-b=v2 instance-c=v2');
      expect(stdout).toContain('Rollout of adapter:greeter v2 -> v3');
      expect(stdout).toMatch(/abort\s+.*health/i);
      expect(stdout).toContain('Rollout aborted.');
      expect(stdout).toContain('Rolled back: every instance runs v2 again: instance-a=v2 instance-b=v2 instance-c=v2');
    }, 100_000);
  });
});
