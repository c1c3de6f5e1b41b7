import { hostname } from 'node:os';
import path from 'node:path';
import { FleetSettings } from '../config/fleetSettings.js';
import { fleetConnectionOf } from './fleetConnectionOf.js';

const context = { appName: 'my shop', cacheDir: '/var/cache/app', cwd: '/srv/app', readSecret: async (name: string) => (name === 'nats-token' ? 'from-the-hook' : undefined) };

describe('fleetConnectionOf', () => {
  it('fills in the defaults: bucket from the app name, host-pid id, 3 heartbeats, the desired state file', async () => {
    const resolved = await fleetConnectionOf(Object.assign(new FleetSettings(), { enabled: true }), context);
    expect(resolved).toEqual({
      connection: { url: 'nats://127.0.0.1:4222', bucket: 'oneiric_my_shop', timeoutMs: 2_000 },
      instanceId: `${hostname()}-${process.pid}`, heartbeatMs: 2_000, goneAfterMs: 6_000,
      desiredStateFile: path.join('/var/cache/app', 'fleet', 'desired.json'),
    });
  });

  it('reads a token through the secrets hook and resolves TLS files against the working directory', async () => {
    const settings = Object.assign(new FleetSettings(), { token_secret: 'nats-token', tls_ca_file: 'certs/ca.pem', tls_key_file: '/etc/key.pem' });
    const resolved = await fleetConnectionOf(settings, context);
    expect(resolved.connection.token).toBe('from-the-hook');
    expect(resolved.connection.tls).toEqual({ caFile: path.join('/srv/app', 'certs/ca.pem'), keyFile: '/etc/key.pem' });
  });

  it('passes a user with the password from settings', async () => {
    const resolved = await fleetConnectionOf(Object.assign(new FleetSettings(), { user: 'ops', password: 'pw' }), context);
    expect(resolved.connection).toMatchObject({ user: 'ops', password: 'pw' });
  });
});
