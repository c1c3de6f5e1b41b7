// The alert rules refer only to catalogued metrics, link each alert to a runbook that explains
// it, cover every situation issue 15 names, and each has a promtool unit test that expects it.
import { existsSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { catalogueProblems, readMetricCatalogue, repositoryRoot } from './metricCatalogue.js';

interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

interface RuleTest {
  readonly alert_rule_test?: readonly { readonly alertname: string; readonly exp_alerts: readonly unknown[] }[];
}

const read = (path: string): string => readFileSync(`${repositoryRoot}${path}`, 'utf8');
const rules = (yaml.load(read('deploy/prometheus/alerts.yml')) as { groups: { rules: AlertRule[] }[] }).groups.flatMap((group) => group.rules);
const ruleTests = (yaml.load(read('deploy/prometheus/alerts.test.yml')) as { tests: RuleTest[] }).tests;
const catalogue = readMetricCatalogue();

describe('alert rules', () => {
  it('use only metrics and labels listed in deploy/metric-names.json', () => {
    const problems = rules.flatMap((rule) => catalogueProblems(catalogue, rule.expr).map((problem) => `${rule.alert}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it('cover every situation issue 15 asks for', () => {
    const names = rules.map((rule) => rule.alert);
    // swaps failing, breaker open, remote sync failing or stale, manifest refused, runtime down or
    // not ready, calls paused for long, a rollout aborted.
    expect(names).toEqual(expect.arrayContaining([
      'OneiricSwapsFailing', 'OneiricBreakerOpen', 'OneiricRemoteSyncFailing', 'OneiricRemoteManifestStale',
      'OneiricManifestRefused', 'OneiricRuntimeDown', 'OneiricRuntimeNotReady', 'OneiricKeyPausedTooLong', 'OneiricRolloutAborted',
    ]));
    expect(new Set(names).size).toBe(names.length);
  });

  it('each carry a severity, a summary and a runbook_url to a runbook that names the alert', () => {
    for (const rule of rules) {
      expect({ alert: rule.alert, severity: rule.labels?.['severity'] }).toEqual({ alert: rule.alert, severity: expect.stringMatching(/^(warning|critical)$/) });
      expect(rule.annotations?.['summary']).toEqual(expect.any(String));
      const runbook = rule.annotations?.['runbook_url'] ?? '';
      expect({ alert: rule.alert, runbook }).toEqual({ alert: rule.alert, runbook: expect.stringMatching(/^docs\/runbooks\/[a-z-]+\.md$/) });
      expect(existsSync(`${repositoryRoot}${runbook}`)).toBe(true);
      expect(read(runbook)).toContain(`\`${rule.alert}\``);
    }
  });

  it('are listed in the runbooks index with the runbook their annotation names', () => {
    const index = read('docs/runbooks/README.md');
    for (const rule of rules) {
      const file = (rule.annotations?.['runbook_url'] ?? '').replace('docs/runbooks/', '');
      expect(index).toContain(`| \`${rule.alert}\` | ${rule.labels?.['severity'] ?? ''} | [${file}](${file}) |`);
    }
  });

  it('count as refusals exactly the kinds docs/runbooks/manifest-refused.md explains as refusals', () => {
    const refusalKinds = [...read('docs/runbooks/manifest-refused.md').matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((match) => match[1] as string).sort();
    const refused = rules.find((rule) => rule.alert === 'OneiricManifestRefused')?.expr ?? '';
    const patterns = [...refused.matchAll(/kind=~"([^"]+)"/g)].map((match) => (match[1] as string).split('|').sort());
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) {
      expect(pattern).toEqual(refusalKinds);
    }
  });

  it('each have a promtool unit test where they fire and one where they stay quiet', () => {
    const cases = ruleTests.flatMap((test) => test.alert_rule_test ?? []);
    for (const rule of rules) {
      const own = cases.filter((testCase) => testCase.alertname === rule.alert);
      expect({ alert: rule.alert, fires: own.some((testCase) => testCase.exp_alerts.length > 0) }).toEqual({ alert: rule.alert, fires: true });
      expect({ alert: rule.alert, quiet: own.some((testCase) => testCase.exp_alerts.length === 0) }).toEqual({ alert: rule.alert, quiet: true });
    }
  });
});
