// Finds the metric names and label names a PromQL expression refers to (a pure calculation), so
// tests can hold alert rules, dashboard queries and SLO queries to deploy/metric-names.json.

/** What one PromQL expression refers to. */
export interface PromqlReferences {
  /** Metric names, as written (`oneiric_swap_duration_seconds_bucket` stays suffixed). */
  readonly metrics: ReadonlySet<string>;
  /** Label names in matchers (`{domain="x"}`) and in by/without/on/ignoring/group_* lists. */
  readonly labels: ReadonlySet<string>;
  /** The matchers themselves (`outcome="refused"`), values unquoted. */
  readonly matchers: readonly LabelMatcher[];
}

/** One label matcher of a selector. */
export interface LabelMatcher {
  readonly label: string;
  readonly operator: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

// Words that look like identifiers but are operators or modifiers, never metric names.
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const MATCHERS = /\{([^{}]*)\}/g;
const MATCHER = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"(\d+)"/g;
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)/g;
// Ranges and subqueries (`[5m]`, `[$__rate_interval]`, `[30d:1m]`) hold durations, not names.
const RANGE = /\[[^\]]*\]/g;
const OFFSET = /\boffset\s+-?[0-9A-Za-z_$]+/g;
const TOKEN = /\$?[A-Za-z_:][A-Za-z0-9_:]*|[0-9][0-9A-Za-z_.]*/g;

function labelNames(list: string): string[] {
  return list.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/**
 * The metric and label names `expression` refers to. Strings, ranges, offsets, numbers,
 * Grafana variables (`$instance`) and function or aggregation names (an identifier followed by
 * `(`) are not names. Metric names given as `{__name__="..."}` are not resolved.
 */
export function promqlReferences(expression: string): PromqlReferences {
  const labels = new Set<string>();
  const matchers: LabelMatcher[] = [];
  // Strings become numbered placeholders, so braces or keywords inside them cannot mislead.
  const strings: string[] = [];
  let rest = expression.replace(STRING, (literal) => `"${String(strings.push(literal.slice(1, -1)) - 1)}"`);
  rest = rest.replace(MATCHERS, (_whole, inside: string) => {
    for (const match of inside.matchAll(MATCHER)) {
      labels.add(match[1] as string);
      matchers.push({ label: match[1] as string, operator: match[2] as LabelMatcher['operator'], value: strings[Number(match[3])] ?? '' });
    }
    return ' ';
  });
  rest = rest.replace(GROUPING, (_whole, list: string) => {
    labelNames(list).forEach((name) => labels.add(name));
    return ' ';
  });
  rest = rest.replace(RANGE, ' ').replace(OFFSET, ' ');
  const metrics = new Set<string>();
  for (const match of rest.matchAll(TOKEN)) {
    const token = match[0];
    const after = rest.slice((match.index ?? 0) + token.length);
    const isCall = /^\s*\(/.test(after);
    if (token.startsWith('$') || /^[0-9]/.test(token) || KEYWORDS.has(token.toLowerCase()) || isCall) {
      continue;
    }
    metrics.add(token);
  }
  return { metrics, labels, matchers };
}
