// Test helper: removes the exchanges and queues a RabbitMQ suite created under its name prefix.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function listNames(kind: 'list_queues' | 'list_exchanges', prefix: string): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', ['-q', kind, 'name'], { timeout: 30_000 }).catch(() => ({ stdout: '' }));
  return stdout.split('\n').map((line) => line.trim()).filter((name) => name.startsWith(prefix));
}

/** Deletes every queue and exchange whose name starts with `prefix` (found with `rabbitmqctl`). */
export async function deleteRabbitMqNames(url: string, prefix: string): Promise<void> {
  if (prefix === '') {
    throw new Error('refusing to delete every queue: give the suite\'s own prefix');
  }
  const { connect } = await import('amqplib');
  const model = await connect(url, { timeout: 2_000 });
  try {
    const channel = await model.createChannel();
    for (const queue of await listNames('list_queues', prefix)) {
      await channel.deleteQueue(queue);
    }
    for (const exchange of await listNames('list_exchanges', prefix)) {
      await channel.deleteExchange(exchange);
    }
  } finally {
    await model.close();
  }
}
