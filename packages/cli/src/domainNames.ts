// The six domain names, spelled out here so parsing --domain never loads core (and with it Inversify).
import type { Domain } from '@oneiric/core';

/**
 * Core's `DOMAINS`, in the same order. A spec checks the two agree; keeping a copy lets the
 * commands that only talk to a runtime parse `--domain` without importing `@oneiric/core`.
 */
export const DOMAIN_NAMES: readonly Domain[] = ['adapter', 'service', 'task', 'event', 'workflow', 'action'];
