// Every PromQL query outside the rule file: the dashboard's panel targets and docs/slo.md's
// ```promql blocks, with where each comes from, for the catalogue and promtool checks.
import { readRepositoryFile } from './deployFiles.js';

/** One query and where it was found. */
export interface FoundQuery {
  readonly where: string;
  readonly expr: string;
}

interface DashboardModel {
  readonly panels: readonly { readonly title: string; readonly targets?: readonly { readonly refId: string; readonly expr: string }[] }[];
}

/** The expressions of every panel target of deploy/grafana/oneiric.json. */
export function dashboardQueries(): FoundQuery[] {
  const dashboard = JSON.parse(readRepositoryFile('deploy/grafana/oneiric.json')) as DashboardModel;
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `dashboard "${panel.title}" ${target.refId}`, expr: target.expr })));
}

/** The ```promql blocks of a Markdown file. */
export function markdownQueries(path: string): FoundQuery[] {
  const text = readRepositoryFile(path);
  return [...text.matchAll(/```promql\n([\s\S]*?)```/g)].map((match, index) => ({ where: `${path} block ${String(index + 1)}`, expr: (match[1] as string).trim() }));
}

/**
 * `expr` with Grafana's interval variables replaced by durations, so Prometheus can parse it
 * (other variables appear only inside label values, where they are plain text).
 */
export function withGrafanaIntervals(expr: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replaceAll('$__interval', '1m').replaceAll('$__range', '1h');
}
