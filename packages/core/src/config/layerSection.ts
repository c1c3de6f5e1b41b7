// The six settings sections that hold per-domain selections, one for each domain.

/** The per-domain sections of `OneiricSettings`, in the order of `DOMAINS`. */
export const LAYER_SECTIONS = ['adapters', 'services', 'tasks', 'events', 'workflows', 'actions'] as const;

/** The name of a per-domain settings section (`adapters`, `services`, ...). */
export type LayerSection = (typeof LAYER_SECTIONS)[number];
