// The fleet connection's credentials against private nats-servers that require them (token,
// user and password, mutual TLS), started on free ports and killed by pid; the shared server on
// 4222 is never touched. Certificates are made for the run by `openssl` in a temporary directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isCi } from '../../../adapters/src/testing/liveServices.js';
import { PrivateNatsServer } from '../__fixtures__/privateNatsServer.js';
import { FleetError, FleetErrorKind } from '../errors/fleetError.js';
import type { FleetConnectionOptions } from '../models/fleetConnectionOptions.js';
import { FleetClient } from '../services/fleetClient.js';

function hasCommand(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canRun = hasCommand('nats-server', ['--version']) && hasCommand('openssl', ['version']);
const describeWithBinaries = canRun || isCi() ? describe : describe.skip;
if (!canRun && !isCi()) {
  console.warn('skipping the fleet credentials suite: nats-server or openssl is not on PATH');
}

const TOKEN = 'fleet-token-5b1f0c';
const PASSWORD = 'fleet-password-93ad2e';

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function makeCertificates(directory: string): Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string> {
  const file = (name: string): string => path.join(directory, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-days', '1', '-subj', '/CN=oneiric-fleet-test-ca', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const [name, extension] of [['server', ['-extfile', file('server.ext')]], ['client', []]] as const) {
    openssl('req', ...ecKey, '-subj', `/CN=oneiric-fleet-${name}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-out', file(`${name}.pem`), ...extension);
  }
  return { ca: file('ca.pem'), serverCert: file('server.pem'), serverKey: file('server.key'), clientCert: file('client.pem'), clientKey: file('client.key') };
}

/** The error connecting with `options` fails with (the test fails when it connects). */
async function refusal(options: FleetConnectionOptions): Promise<FleetError> {
  const client = await FleetClient.connect(options).catch((error: unknown) => error);
  if (client instanceof FleetClient) {
    await client.close();
    throw new Error('the connection was expected to be refused');
  }
  expect(client).toBeInstanceOf(FleetError);
  return client as FleetError;
}

/** Connects with `options`, writes a selection and reads it back through the bucket. */
async function selectAndRead(options: FleetConnectionOptions): Promise<string | undefined> {
  const client = await FleetClient.connect(options);
  try {
    await client.select('adapter', 'cache', 'redis');
    return (await client.status()).selections[0]?.provider;
  } finally {
    await client.destroyBucket().catch(() => undefined);
    await client.close();
  }
}

describeWithBinaries('fleet connection credentials (private nats-servers)', () => {
  const servers: PrivateNatsServer[] = [];
  const directory = mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-tls-'));
  const start = async (args: readonly string[]): Promise<PrivateNatsServer> => {
    const server = new PrivateNatsServer(args);
    servers.push(server);
    await server.start();
    return server;
  };

  afterAll(async () => {
    await Promise.all(servers.map(async (server) => server.dispose()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('uses the token; without it, or with another, the connection is refused (connectionFailed) and no message names a token', async () => {
    const server = await start(['--auth', TOKEN]);
    const base = { url: server.url, bucket: 'oneiric_token', timeoutMs: 2_000 };
    expect(await selectAndRead({ ...base, token: TOKEN })).toBe('redis');
    for (const token of [undefined, 'not-the-fleet-token']) {
      const error = await refusal({ ...base, ...(token === undefined ? {} : { token }) });
      expect(error.kind).toBe(FleetErrorKind.connectionFailed);
      expect(error.message).toContain(server.url);
      expect(error.message).not.toContain(TOKEN);
      expect(error.message).not.toContain('not-the-fleet-token');
    }
  }, 30_000);

  it('uses user and password; a wrong password is refused (connectionFailed) and not repeated in the message', async () => {
    const server = await start(['--user', 'fleet', '--pass', PASSWORD]);
    const base = { url: server.url, bucket: 'oneiric_password', timeoutMs: 2_000, user: 'fleet' };
    expect(await selectAndRead({ ...base, password: PASSWORD })).toBe('redis');
    const error = await refusal({ ...base, password: 'wrong-password-7c' });
    expect(error.kind).toBe(FleetErrorKind.connectionFailed);
    expect(error.message).not.toContain('wrong-password-7c');
    expect(error.message).not.toContain(PASSWORD);
  }, 30_000);

  it('connects over mutual TLS with the CA and a client certificate; without the client certificate, or without the CA, it is refused', async () => {
    const files = makeCertificates(directory);
    const server = await start(['--tls', '--tlscert', files.serverCert, '--tlskey', files.serverKey, '--tlscacert', files.ca, '--tlsverify']);
    const url = server.url.replace('nats://', 'tls://');
    const base = { url, bucket: 'oneiric_tls', timeoutMs: 2_000 };
    expect(await selectAndRead({ ...base, tls: { caFile: files.ca, certFile: files.clientCert, keyFile: files.clientKey } })).toBe('redis');
    // The server asks for a client certificate and drops a client without one after the
    // handshake, without a word: the client only sees its connect time limit pass (`timeout`).
    const withoutClientCertificate = await refusal({ ...base, tls: { caFile: files.ca } });
    expect(withoutClientCertificate.kind).toBe(FleetErrorKind.timeout);
    expect(withoutClientCertificate.message).toContain(url);
    // Without the CA the client does not trust the server's certificate, and says so.
    const withoutCa = await refusal({ ...base, tls: { certFile: files.clientCert, keyFile: files.clientKey } });
    expect(withoutCa.kind).toBe(FleetErrorKind.connectionFailed);
    expect(withoutCa.message).toMatch(/verify the first certificate/);
  }, 30_000);
});
