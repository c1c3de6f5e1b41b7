// A provider module for `oneiric --import`, in plain JavaScript: decorators applied as function calls.
import { Adapter } from '@oneiric/core';

export class MemoryCache {}
Adapter('cache', 'memory', 100)(MemoryCache);

export class NoopCache {}
Adapter('cache', 'noop', 10)(NoopCache);

export const providers = [MemoryCache, NoopCache];
