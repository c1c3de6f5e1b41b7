// Integration tests of the control server's limits: an operation past its deadline, a request while closing.
import { connect } from 'node:net';
import { ControlError } from '@oneiric/runtime/client';
import { slowGate, startControlHarness, type ControlHarness } from './controlHarness.js';

let harness: ControlHarness | undefined;

afterEach(async () => {
  slowGate.release();
  await harness?.stop();
  harness = undefined;
});

async function refusal(request: Promise<unknown>): Promise<ControlError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ControlError) {
      return error;
    }
    throw error;
  }
  throw new Error('the request succeeded');
}

describe('createControlServer limits', () => {
  it('answers an operation that outlives the request limit with 504 timeout, and keeps serving', async () => {
    harness = await startControlHarness({ requestTimeoutMs: 500 });
    slowGate.close();
    const error = await refusal(harness.client.request('POST', '/v1/actions/slow/invoke', { payload: { value: 1 } }));
    expect([error.status, error.kind]).toEqual([504, 'timeout']);
    expect(error.message).toMatch(/may still complete/);
    expect(await harness.client.request('GET', '/healthz')).toEqual({ alive: true });
  });

  it('answers a request arriving while the server closes with 503 shuttingDown, letting the in-flight one finish', async () => {
    const current = await startControlHarness({ requestTimeoutMs: 5_000 });
    harness = current;
    slowGate.close();
    slowGate.entered = 0;
    // A second request on the busy connection of the first, sent once closing has begun.
    const socket = connect(current.socketPath);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
    const slowBody = JSON.stringify({ payload: { value: 'kept' } });
    socket.write(
      `POST /v1/actions/slow/invoke HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${slowBody.length}\r\n\r\n${slowBody}`,
    );
    try {
      await waitFor(() => slowGate.entered > 0);
      const closing = current.server.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.write('GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
      slowGate.release();
      await waitFor(() => Buffer.concat(received).toString('utf8').includes('shuttingDown'));
      const answers = Buffer.concat(received).toString('utf8');
      expect(answers).toMatch(/^HTTP\/1\.1 200 /);
      expect(answers).toContain('{"done":"kept"}');
      expect(answers).toMatch(/HTTP\/1\.1 503 [\s\S]*"kind":"shuttingDown"/);
      socket.destroy();
      await closing;
    } finally {
      socket.destroy();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
