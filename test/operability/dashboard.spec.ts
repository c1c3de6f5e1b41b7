// The Grafana dashboard queries only catalogued metrics and labels, shows every catalogued
// runtime metric somewhere, and is a well-formed Grafana JSON model (ids, layout, data source).
import { readFileSync } from 'node:fs';
import { catalogueProblems, entryOf, readMetricCatalogue, repositoryRoot } from './metricCatalogue.js';
import { promqlReferences } from './promqlReferences.js';

interface GridPos { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly description?: string;
  readonly gridPos: GridPos;
  readonly datasource?: { readonly uid: string };
  readonly targets?: readonly { readonly expr: string; readonly refId: string; readonly datasource?: { readonly uid: string } }[];
}

interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query: string | { readonly query: string };
}

interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly schemaVersion: number;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly Variable[] };
}

const dashboard = JSON.parse(readFileSync(`${repositoryRoot}deploy/grafana/oneiric.json`, 'utf8')) as Dashboard;
const catalogue = readMetricCatalogue();
const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
const targets = panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, ...target })));

function overlaps(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('Grafana dashboard', () => {
  it('queries only metrics and labels listed in deploy/metric-names.json', () => {
    const problems = targets.flatMap((target) => catalogueProblems(catalogue, target.expr).map((problem) => `${target.panel} ${target.refId}: ${problem}`));
    expect(targets.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('shows every runtime metric of the catalogue in at least one panel', () => {
    const shown = new Set(targets.flatMap((target) => [...promqlReferences(target.expr).metrics].map((name) => entryOf(catalogue, name)?.name)));
    expect(Object.keys(catalogue.metrics).filter((name) => !shown.has(name))).toEqual([]);
  });

  it('builds its instance list from a catalogued series and label', () => {
    const queries = dashboard.templating.list.filter((variable) => variable.type === 'query');
    expect(queries.length).toBeGreaterThan(0);
    for (const variable of queries) {
      const text = typeof variable.query === 'string' ? variable.query : variable.query.query;
      const match = /^label_values\((.+),\s*([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(text);
      expect(match).not.toBeNull();
      const [, selector = '', label = ''] = match ?? [];
      expect(catalogueProblems(catalogue, `sum by (${label}) (${selector})`)).toEqual([]);
    }
  });

  it('reads every panel from the data source variable and describes what it shows', () => {
    expect(dashboard.templating.list.map((variable) => variable.name)).toContain('datasource');
    for (const panel of panels) {
      expect({ title: panel.title, uid: panel.datasource?.uid, described: (panel.description ?? '').length > 0 }).toEqual({ title: panel.title, uid: '${datasource}', described: true });
      for (const target of panel.targets ?? []) {
        expect(target.datasource?.uid).toBe('${datasource}');
      }
    }
  });

  it('lays panels out on the 24-column grid without overlaps, with unique ids and ref ids', () => {
    const all = dashboard.panels;
    expect(new Set(all.map((panel) => panel.id)).size).toBe(all.length);
    for (const panel of all) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(new Set((panel.targets ?? []).map((target) => target.refId)).size).toBe((panel.targets ?? []).length);
    }
    const clashes = all.flatMap((a, i) => all.slice(i + 1).filter((b) => overlaps(a.gridPos, b.gridPos)).map((b) => `${a.title} / ${b.title}`));
    expect(clashes).toEqual([]);
  });
});
