// The ops pack in docker/: the alert rules pass promtool, and the dashboard and the rules name only metrics that
// a real node's /metrics serves (after it ran a topology, so that the per-topology series exist).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { containerTask, createTopology, finishedRun, runNow, useRealNodes } from '../support/real-nodes.js';

const DOCKER = fileURLToPath(new URL('../../../docker/', import.meta.url));
const RULES = `${DOCKER}prometheus/epoch-alerts.yml`;
const DASHBOARD = `${DOCKER}grafana/epoch-dashboard.json`;

/** Grafana's own variables, which are not PromQL: replaced by a duration before parsing. */
const GRAFANA_RANGES = /\$__(rate_interval|interval|range)\b/g;

/** The metric names an expression selects: the identifier of each vector selector. Fails on a parse error. */
export function metricNames(expression: string): string[] {
  const promql = expression.replace(GRAFANA_RANGES, '5m');
  const names: string[] = [];
  let errors = 0;
  parser.parse(promql).iterate({
    enter(node) {
      if (node.type.isError) errors++;
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) names.push(promql.slice(identifier.from, identifier.to));
      }
    },
  });
  if (errors > 0) throw new Error(`not PromQL: ${expression}`);
  return names;
}

/** Every `expr` string anywhere in a JSON value (panels, rows' panels, targets). */
function expressionsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'expr' && typeof inner === 'string' ? [inner] : expressionsIn(inner),
  );
}

/** The metric families a scrape declares (`# TYPE name type`), by name. */
function declaredFamilies(scrape: string): Map<string, string> {
  return new Map(
    [...scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [name!, type!] as const),
  );
}

/** The names not served: a histogram's `_bucket`, `_sum` and `_count` series count as its own name. */
export function unserved(names: Iterable<string>, families: Map<string, string>): string[] {
  return [...new Set(names)].filter((name) => {
    if (families.has(name)) return false;
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return !(base !== name && ['histogram', 'summary'].includes(families.get(base) ?? ''));
  });
}

const dashboardExpressions = () => expressionsIn(JSON.parse(readFileSync(DASHBOARD, 'utf8')));
const ruleExpressions = () => expressionsIn(parseYaml(readFileSync(RULES, 'utf8')));

describe('the alert rules', () => {
  it('pass promtool check rules', async () => {
    // From Debian's prometheus package, which `node scripts/setup.mjs --for=test` installs.
    const { stdout } = await promisify(execFile)('promtool', ['check', 'rules', RULES]);
    expect(stdout).toMatch(/SUCCESS: 5 rules found/);
  });
});

describe('the dashboard and the rules name only served metrics', () => {
  const node = useRealNodes();

  it('finds the metric names of PromQL, and refuses what is not PromQL', () => {
    expect(
      metricNames('histogram_quantile(0.99, sum by (le) (rate(a_bucket{x="y"}[$__rate_interval]))) > 5 or b'),
    ).toEqual(['a_bucket', 'b']);
    expect(metricNames('(max(epoch_leader) or vector(0)) < 1')).toEqual(['epoch_leader']);
    expect(() => metricNames('rate(a[5m]')).toThrow(/not PromQL/);
    const families = new Map([
      ['h', 'histogram'],
      ['c', 'counter'],
    ]);
    expect(unserved(['h_bucket', 'h_sum', 'h_count', 'c', 'c_count', 'made_up'], families)).toEqual([
      'c_count',
      'made_up',
    ]);
  });

  it('serves every metric the dashboard and the rules name, on a node that ran a topology', async () => {
    const target = await node('ops-pack');
    await createTopology(target, 'hello', containerTask('main', ['true']));
    expect((await finishedRun(target, 'hello', await runNow(target, 'hello'))).state).toBe('COMPLETED');
    const response = await fetch(`${target.url}/metrics`);
    expect(response.status).toBe(200);
    const scrape = await response.text();
    // The per-topology series are there, not only declared.
    expect(scrape).toMatch(/^epoch_topology_last_run_state\{topology="hello",state="COMPLETED"\} 1$/m);
    expect(scrape).toMatch(/^epoch_topology_last_success_timestamp_seconds\{topology="hello"\} \d/m);

    const families = declaredFamilies(scrape);
    const dashboard = dashboardExpressions().flatMap(metricNames);
    const rules = ruleExpressions().flatMap(metricNames);
    // What the issue asks each to show is there.
    for (const name of [
      'epoch_leader',
      'epoch_fire_lag_seconds_bucket',
      'epoch_runs_total',
      'epoch_zookeeper_operation_seconds_bucket',
      'epoch_topology_last_run_state',
    ])
      expect(dashboard).toContain(name);
    for (const name of [
      'epoch_leader',
      'epoch_fire_lag_seconds_bucket',
      'epoch_topology_last_run_state',
      'epoch_zookeeper_errors_total',
      'epoch_runtime_errors_total',
    ])
      expect(rules).toContain(name);
    expect({ dashboard: unserved(dashboard, families), rules: unserved(rules, families) }).toEqual({
      dashboard: [],
      rules: [],
    });
  });
});
