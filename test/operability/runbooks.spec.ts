// The runbooks and docs/slo.md stay true to the rest: every page has its three parts, every
// RemoteErrorKind is explained where its outcome sends the operator, every alert and metric
// named exists, every link resolves, and every SLO query and benchmark is real.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { RemoteErrorKind } from '@oneiric/remote';
import { readRepositoryFile } from './deployFiles.js';
import { catalogueProblems, entryOf, readMetricCatalogue, repositoryRoot } from './metricCatalogue.js';
import { markdownQueries } from './queries.js';

const catalogue = readMetricCatalogue();
const runbooks = readdirSync(`${repositoryRoot}docs/runbooks`).filter((name) => name.endsWith('.md') && name !== 'README.md').map((name) => `docs/runbooks/${name}`);
const alertNames = (yaml.load(readRepositoryFile('deploy/prometheus/alerts.yml')) as { groups: { rules: { alert: string }[] }[] }).groups.flatMap((group) => group.rules.map((rule) => rule.alert));
const prose = [...runbooks, 'docs/runbooks/README.md', 'docs/slo.md', 'docs/guides/operating.md'];

function kindsInTable(path: string): string[] {
  return [...readRepositoryFile(path).matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((match) => match[1] as string);
}

describe('runbooks', () => {
  it('each say what the operator sees, what to run and how to confirm the fix', () => {
    for (const path of runbooks) {
      const headings = [...readRepositoryFile(path).matchAll(/^## (.+)$/gm)].map((match) => match[1]);
      expect({ path, headings }).toEqual({ path, headings: ['What you see', 'What to run', 'How to confirm the fix'] });
    }
  });

  it('explain every RemoteErrorKind once: refusals in manifest-refused.md, failures in remote-sync-failing.md', () => {
    const refused = kindsInTable('docs/runbooks/manifest-refused.md');
    const failing = kindsInTable('docs/runbooks/remote-sync-failing.md');
    expect([...refused, ...failing].sort()).toEqual(Object.values(RemoteErrorKind).sort());
    expect(refused).toEqual(expect.arrayContaining(['signatureInvalid', 'untrustedKey', 'thresholdNotMet', 'expired', 'rollback', 'digestMismatch', 'factoryRefused']));
  });

  it('name only alerts that alerts.yml defines', () => {
    for (const path of prose) {
      const named = [...readRepositoryFile(path).matchAll(/`(Oneiric[A-Z][A-Za-z]+)`/g)].map((match) => match[1] as string);
      expect({ path, unknown: named.filter((name) => !alertNames.includes(name)) }).toEqual({ path, unknown: [] });
    }
  });

  it('mention only metrics listed in deploy/metric-names.json', () => {
    for (const path of prose) {
      const named = [...readRepositoryFile(path).matchAll(/\b(oneiric_[a-z_]+)\b/g)].map((match) => match[1] as string);
      expect({ path, unknown: named.filter((name) => entryOf(catalogue, name) === undefined) }).toEqual({ path, unknown: [] });
    }
  });

  it('link only to files that exist', () => {
    for (const path of prose) {
      const links = [...readRepositoryFile(path).matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)].map((match) => match[1] as string);
      expect({ path, missing: links.filter((link) => !existsSync(join(repositoryRoot, dirname(path), link))) }).toEqual({ path, missing: [] });
    }
  });
});

describe('docs/slo.md', () => {
  const text = readRepositoryFile('docs/slo.md');
  const objectives = text.split(/^## /m).slice(1).filter((section) => /^\d+\./.test(section));

  it('gives each objective a PromQL query over catalogued metrics and names its benchmark', () => {
    expect(objectives.length).toBeGreaterThanOrEqual(5);
    for (const section of objectives) {
      const title = section.split('\n')[0];
      expect({ title, query: section.includes('```promql'), benchmark: /^Benchmark: /m.test(section) }).toEqual({ title, query: true, benchmark: true });
    }
    const problems = markdownQueries('docs/slo.md').flatMap((query) => catalogueProblems(catalogue, query.expr).map((problem) => `${query.where}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it('names only benchmarks that `npm run bench` can run', () => {
    const runner = readRepositoryFile('bench/src/run.ts');
    const named = [...text.matchAll(/npm run bench -- ([a-z]+)/g)].map((match) => match[1] as string);
    const alsoNamed = [...text.matchAll(/`-- ([a-z]+)`/g)].map((match) => match[1] as string);
    expect(named.length).toBeGreaterThan(0);
    for (const name of [...named, ...alsoNamed]) {
      expect({ name, known: runner.includes(`only === '${name}'`) }).toEqual({ name, known: true });
    }
  });
});
