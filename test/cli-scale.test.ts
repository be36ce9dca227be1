import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultsSchema } from '../src/results/schema.js';
import { demoCopy, runCli } from './helpers.js';

const read = (dir: string, file: string) =>
  ResultsSchema.parse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));

describe('autoglm run --shard and autoglm merge (built CLI, demo)', () => {
  const dir = demoCopy();
  const env = { GITHUB_SHA: 'c'.repeat(40) };
  const shards = [1, 2, 3, 4].map((i) =>
    runCli(['run', '--shard', `${i}/4`, '--results', `shard-${i}.json`], dir, env),
  );

  it('each shard runs its share and says comparison waits for the merge', () => {
    for (const r of shards) expect(r.code).toBe(0);
    expect(shards[0]?.stderr).toContain('shard 1/4: comparison and baseline wait for autoglm merge');
    expect(read(dir, 'shard-2.json').suites[0]?.range).toEqual({ start: 48, end: 96, of: 200 });
  });

  it('merge joins them into the whole run and compares once', () => {
    const r = runCli(
      ['merge', 'shard-3.json', 'shard-1.json', 'shard-4.json', 'shard-2.json', '--results', 'merged.json'],
      dir,
      env,
    );
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Merged 4 shards.');
    const merged = read(dir, 'merged.json');
    expect(merged.suites[0]?.models.map((m) => m.samples.length)).toEqual([200, 200, 200]);
    expect(merged.suites[0]?.models[0]?.metrics.accuracy).toBeCloseTo(0.92, 10);
    expect(merged.comparison).toBeDefined();
  });

  it('refuses an impossible shard and an incomplete set, exit 2', () => {
    const bad = runCli(['run', '--shard', '3/2'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard "3/2": the shard must be between 1 and 2 (got 3)');
    const missing = runCli(['merge', 'shard-1.json', 'shard-2.json'], dir, env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shards 3, 4 of 4 missing');
  });
});

describe('autoglm triage and autoglm roi (built CLI)', () => {
  it('triage prints the table; a bad line is exit 2 naming file:line', () => {
    const dir = demoCopy();
    writeFileSync(
      path.join(dir, 'events.ndjson'),
      `${JSON.stringify({ time: '2026-12-02T10:00:00Z', level: 4, message: 'NaN logits', file: 'models/digits-v2.onnx' })}\n`,
    );
    const r = runCli(['triage', '--events', 'events.ndjson'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2026-12-02T10:00:00Z\s+4\s+escalate: full run\s+digits-eval\s+NaN logits/);
    expect(r.stdout).toContain('Escalation: level-4 anomaly');
    writeFileSync(path.join(dir, 'bad.ndjson'), '{"time":"t","level":2,"message":"x"}\n{"level":9}\n');
    const bad = runCli(['triage', '--events', 'bad.ndjson'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.ndjson:2:');
  });

  it('roi prints the sensitivity table and says when there is no payback', () => {
    const dir = demoCopy();
    writeFileSync(
      path.join(dir, 'roi.yml'),
      'initial_cost: 100\nyearly_benefit: 40\nrunning_cost: 10\ndiscount_rate: 0.05\n',
    );
    const r = runCli(['roi', '--config', 'roi.yml', '--json', 'roi.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/base case\s+3\.74 years\s+132/);
    expect(r.stdout).toMatch(/discount rate 5% -> 10%\s+4\.26 years/);
    writeFileSync(
      path.join(dir, 'far.yml'),
      'initial_cost: 1000\nyearly_benefit: 40\ndiscount_rate: 0.05\nhorizon: 5\n',
    );
    expect(runCli(['roi', '--config', 'far.yml'], dir).stdout).toContain('no payback within 5 years');
    writeFileSync(
      path.join(dir, 'neg.yml'),
      'initial_cost: 1000\nyearly_benefit: -40\ndiscount_rate: 0.05\n',
    );
    const neg = runCli(['roi', '--config', 'neg.yml'], dir);
    expect(neg.code).toBe(2);
    expect(neg.stderr).toContain('neg.yml:2:17: yearly_benefit: expected a non-negative number');
  });
});
