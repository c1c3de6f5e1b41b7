// deploy/metric-names.json, read once, and the check every PromQL query in deploy/ and docs/ must pass.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promqlReferences, type LabelMatcher } from './promqlReferences.js';

/** The repository root. */
export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** One entry of the catalogue. */
export interface MetricEntry {
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
  readonly meaning: string;
  /** For labels with a fixed set of values: the values the runtime writes. */
  readonly values?: Readonly<Record<string, readonly string[]>>;
}

/** The file's shape: runtime metrics, fleet metrics, and series Prometheus makes itself when it scrapes. */
export interface MetricCatalogue {
  readonly metrics: Readonly<Record<string, MetricEntry>>;
  /** Served only by runtimes with a fleet, once they drove a rollout decision. */
  readonly fleet: Readonly<Record<string, MetricEntry>>;
  readonly scrape: Readonly<Record<string, MetricEntry>>;
}

/** Reads deploy/metric-names.json. */
export function readMetricCatalogue(): MetricCatalogue {
  return JSON.parse(readFileSync(`${repositoryRoot}deploy/metric-names.json`, 'utf8')) as MetricCatalogue;
}

// Labels Prometheus attaches to every scraped series; `le` belongs to histogram buckets.
const TARGET_LABELS = ['job', 'instance', '__name__'];
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

/** The catalogue entry a written name stands for: itself, or the histogram its suffix belongs to. */
export function entryOf(catalogue: MetricCatalogue, name: string): { name: string; entry: MetricEntry; bucket: boolean } | undefined {
  const all = { ...catalogue.scrape, ...catalogue.fleet, ...catalogue.metrics };
  const direct = all[name];
  if (direct !== undefined) {
    return direct.type === 'histogram' ? undefined : { name, entry: direct, bucket: false };
  }
  for (const suffix of HISTOGRAM_SUFFIXES) {
    const base = name.endsWith(suffix) ? all[name.slice(0, -suffix.length)] : undefined;
    if (base?.type === 'histogram') {
      return { name: name.slice(0, -suffix.length), entry: base, bucket: suffix === '_bucket' };
    }
  }
  return undefined;
}

// An exact matcher on a label with listed values must name one of them (a typo like
// outcome="refuse" would otherwise make a rule silently match nothing).
function valueProblems(catalogue: MetricCatalogue, metrics: readonly string[], matchers: readonly LabelMatcher[]): string[] {
  const problems: string[] = [];
  for (const matcher of matchers.filter((candidate) => candidate.operator === '=' || candidate.operator === '!=')) {
    const listed = metrics.flatMap((name) => entryOf(catalogue, name)?.entry.values?.[matcher.label] ?? []);
    const enumerated = metrics.some((name) => entryOf(catalogue, name)?.entry.values?.[matcher.label] !== undefined);
    if (enumerated && !listed.includes(matcher.value)) {
      problems.push(`${matcher.label}="${matcher.value}" is not a listed value (${listed.join(', ')})`);
    }
  }
  return problems;
}

/**
 * What is wrong with `expression` against the catalogue: names it does not list (a histogram
 * used without its suffix counts as unknown), and labels that none of the expression's metrics
 * carries. Empty when all is well.
 */
export function catalogueProblems(catalogue: MetricCatalogue, expression: string): string[] {
  const { metrics, labels, matchers } = promqlReferences(expression);
  const problems: string[] = [];
  const known = new Set(TARGET_LABELS);
  if (metrics.size === 0) {
    problems.push('refers to no metric');
  }
  for (const name of metrics) {
    const found = entryOf(catalogue, name);
    if (found === undefined) {
      problems.push(`unknown metric ${name}`);
      continue;
    }
    found.entry.labels.forEach((label) => known.add(label));
    if (found.bucket) {
      known.add('le');
    }
  }
  for (const label of labels) {
    if (!known.has(label)) {
      problems.push(`label ${label} is not a label of ${[...metrics].join(', ')}`);
    }
  }
  problems.push(...valueProblems(catalogue, [...metrics], matchers));
  return problems;
}
