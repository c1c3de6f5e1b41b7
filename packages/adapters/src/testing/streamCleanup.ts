// Test helper: removes the Redis streams and NATS JetStream streams a queue suite created under its name prefix.

/** Deletes every Redis key that starts with `keyPrefix` (the suite's `streamPrefix`). */
export async function deleteRedisKeys(url: string, keyPrefix: string): Promise<void> {
  if (keyPrefix === '') {
    throw new Error('refusing to delete every key: give the suite\'s own prefix');
  }
  const { Redis } = await import('ioredis');
  const admin = new Redis(url);
  try {
    const keys = await admin.keys(`${keyPrefix}*`);
    if (keys.length > 0) await admin.del(...keys);
  } finally {
    admin.disconnect();
  }
}

/** Deletes every JetStream stream whose name starts with `namePrefix` (the suite's `streamPrefix`). */
export async function deleteNatsStreams(url: string, namePrefix: string): Promise<void> {
  if (namePrefix === '') {
    throw new Error('refusing to delete every stream: give the suite\'s own prefix');
  }
  const { connect } = await import('nats');
  const admin = await connect({ servers: url });
  try {
    const manager = await admin.jetstreamManager();
    for await (const stream of manager.streams.list()) {
      if (stream.config.name.startsWith(namePrefix)) await manager.streams.delete(stream.config.name);
    }
  } finally {
    await admin.close();
  }
}
