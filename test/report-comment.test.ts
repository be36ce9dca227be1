import { describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare/compare.js';
import { applyWaivers } from '../src/compare/waivers.js';
import { annotationsOf, batches } from '../src/platform/github/annotations.js';
import { untrusted } from '../src/platform/github/artifact.js';
import { parseCommand } from '../src/platform/github/commands.js';
import { readState, stateMarker } from '../src/platform/github/state.js';
import { isOurs, readWaivers, stickyMarker, waiversMarker } from '../src/platform/github/sticky-comment.js';
import { COMMENT_LIMIT, renderComment } from '../src/report/comment.js';
import { changeText, effectLabel } from '../src/report/comparison.js';
import { escapeMarkdown, redact, secretsFromEnv } from '../src/report/escape.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { headlineText } from '../src/report/sections.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { Finding } from '../src/results/comparison.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    suite: 'digits-eval',
    model: 'm',
    metric: 'accuracy',
    base: 0.92,
    current: 0.88,
    delta: -0.04,
    worsening: 0.0435,
    outcome: 'regression',
    method: 'paired',
    reason: '4 samples flipped',
    mode: 'block',
    severity: 4,
    pValue: 0.002,
    interval: { lower: -0.07, upper: -0.01, confidence: 0.95 },
    ...over,
  };
}

function withFindings(findings: Finding[], over: Partial<Results> = {}): Results {
  return {
    ...results([suite([model('m', { accuracy: 0.88 })])]),
    comparison: {
      baseline: {
        store: 'artifact',
        matched: 'merge-base',
        location: 'artifact autoglm-results of run 10',
        sha: 'b'.repeat(40),
        branch: 'main',
        runId: '10',
        createdAt: '2026-01-01T00:00:00Z',
        ageHours: 3,
      },
      notes: [],
      findings,
      outcome: findings.some((f) => f.outcome === 'regression') ? 'regression' : 'no change',
    },
    verdict: findings.some((f) => f.outcome === 'regression' && f.mode === 'block') ? 'regression' : 'pass',
    ...over,
  };
}

describe('telling the truth', () => {
  it('identical values read ±0, never "0.0% worse"', () => {
    expect(
      changeText(finding({ base: 0.92, current: 0.92, delta: 0, worsening: 0, outcome: 'no change' })),
    ).toBe('±0');
    expect(changeText(finding())).toBe('4.3% worse');
    expect(changeText(finding({ worsening: -0.5 }))).toBe('50.0% better');
    expect(changeText(finding({ base: 0, current: 2.75, delta: 2.75, worsening: null }))).toBe('+2.75');
  });

  it('findings are worded by their effect', () => {
    expect(effectLabel(finding({ mode: 'info' }))).toBe('worse (info)');
    expect(effectLabel(finding({ mode: 'warn' }))).toBe('regression (warn)');
    expect(effectLabel(finding({ mode: 'block' }))).toBe('regression (block)');
    const term = renderTerminal(withFindings([finding({ mode: 'info', metric: 'latency.p95_ms' })]));
    expect(term).toContain('worse (info): m latency.p95_ms 4.3% worse');
    expect(term).not.toContain('REGRESSION');
    expect(term).toContain('Verdict: pass');
  });

  it('a metric the method could not judge is neutral and folded, never under a green tick', () => {
    const nc = finding({
      metric: 'latency.mean_ms',
      base: 0.0058,
      current: 0.0309,
      delta: 0.0251,
      worsening: 4.32,
      outcome: 'not compared',
      method: 'none',
      mode: 'info',
      reason: 'not compared: stored timings from another machine',
    });
    const md = renderMarkdown(withFindings([nc]));
    const row = md.split('\n').find((l) => l.includes('`latency.mean_ms`')) as string;
    expect(row).toContain('⚪ not compared');
    expect(row).not.toContain('✅');
    const fold = md.indexOf(
      '<details><summary>1 metric not compared or inconclusive (neutral, not a pass)</summary>',
    );
    expect(fold).toBeGreaterThan(0);
    expect(md.indexOf(row)).toBeGreaterThan(fold);
    expect(md).not.toContain('### Regressions and improvements');
  });

  it('no gates: no Gates heading, and the header says no gate was evaluated', () => {
    const md = renderMarkdown(results([suite([model('m')])]));
    expect(md).not.toContain('### Gates');
    expect(md).toContain('\nGates: no gate was evaluated: none is configured.\n');
  });

  it('regressions come first, with base, head, change, confidence and gate', () => {
    const md = renderMarkdown(
      withFindings([
        finding({
          metric: 'size_bytes',
          outcome: 'improvement',
          worsening: -0.2,
          mode: 'info',
          method: 'threshold',
        }),
        finding({ rule: 'max_drop 1%' }),
      ]),
    );
    const rows = md.split('\n').filter((l) => l.startsWith('| ❌') || l.startsWith('| 🟢'));
    expect(rows[0]).toBe(
      '| ❌ regression (block) | `accuracy` | `m` | 0.92 | 0.88 | 4.3% worse | p = 0.002, 95% CI [-0.07, -0.01] (paired) | max\\_drop 1%, block |',
    );
    expect(rows[1]).toMatch(/^\| 🟢 better \(info\) \| `size_bytes`/);
    expect(md).toContain(
      "Compared with the PR's merge-base: commit `bbbbbbbbbbbb`, branch `main`, run `10`, 3.0 h old",
    );
    expect(md).toContain('**1 regression** against the baseline: `accuracy` of `m` 4.3% worse (block).');
  });

  it('a trend chart when the store has history', () => {
    const doc = withFindings([]);
    (doc.comparison as NonNullable<Results['comparison']>).trend = [
      {
        suite: 'digits-eval',
        model: 'm"]\nclick',
        metric: 'accuracy',
        points: [
          { label: 'abc1234', value: 0.9 },
          { label: 'this run', value: 0.88 },
        ],
      },
    ];
    const md = renderMarkdown(doc);
    expect(md).toContain(
      '```mermaid\nxychart-beta\n  title "m___click accuracy"\n  x-axis ["abc1234", "this run"]',
    );
    expect(md).toContain('  line [0.9, 0.88]');
  });
});

describe('trend over the stored history', () => {
  it('follows accuracy and p95 latency of each model, oldest first, this run last', () => {
    const at = (i: number, accuracy: number): Results => ({
      ...results([suite([model('m', { accuracy })])]),
      createdAt: `2026-01-0${i}T00:00:00.000Z`,
      provenance: { sha: `${i}`.repeat(40) },
    });
    const history = [at(3, 0.91), at(1, 0.9), at(2, 0.92)];
    const c = compareResults(at(4, 0.88), at(3, 0.91), { history });
    const acc = c.trend?.find((t) => t.metric === 'accuracy');
    expect(acc?.points).toEqual([
      { label: '1111111', value: 0.9 },
      { label: '2222222', value: 0.92 },
      { label: '3333333', value: 0.91 },
      { label: 'this run', value: 0.88 },
    ]);
    expect(c.trend?.map((t) => t.metric)).toEqual(['accuracy', 'latency.p95_ms']);
    expect(compareResults(at(4, 0.88), at(3, 0.91)).trend).toBeUndefined();
  });
});

describe('renderComment', () => {
  it('fits the budget: the verdict and regressions stay, details are cut by priority with a link', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      finding({ model: `m${i}`, outcome: i % 2 ? 'no change' : 'not compared', mode: 'info', severity: 1 }),
    );
    const doc = withFindings([finding(), ...many]);
    const full = renderMarkdown(doc);
    expect(full.length).toBeGreaterThan(200_000);
    const body = renderComment(doc, {
      platform: 'github',
      fullReportUrl: 'https://example.test/run/1',
      marker: stickyMarker('w/j/c'),
    });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('## Open-AutoGLM CI: ❌ regression');
    expect(body).toContain('| ❌ regression (block) | `accuracy` | `m` |');
    expect(body).toContain('left out to fit the comment; see [the full report](https://example.test/run/1)');
    expect(body).toContain('<!-- autoglm-sticky: w/j/c -->');
    // Open details blocks are all closed.
    expect(body.split('<details>').length).toBe(body.split('</details>').length);
  });

  it('a small report keeps every section, folded', () => {
    const body = renderComment(withFindings([finding()]), { platform: 'gitlab' });
    expect(body).toContain('<details><summary>Models side by side: 1 model in 1 suite</summary>');
    expect(body).toContain('<sub>See the full report in the job artifacts.</sub>');
  });

  it('accepted regressions turn the verdict and show who accepted them', () => {
    const doc = applyWaivers(withFindings([finding()]), [
      {
        target: 'accuracy',
        by: 'octocat',
        at: '2026-01-02T00:00:00Z',
        reason: 'expected',
        findings: ['m accuracy'],
      },
    ]);
    expect(doc.verdict).toBe('pass');
    expect(headlineText(doc)).toBe('pass: 1 accepted');
    const body = renderComment(doc, { platform: 'github' });
    expect(body).toContain('☑️ accepted (block)');
    expect(body).toContain('`accuracy` accepted by `@\u2060octocat`');
  });
});

describe('escaping and redaction', () => {
  it('breaks #123 and !123 references', () => {
    expect(escapeMarkdown('fixes #123 and !45')).toBe('fixes \\#\u2060123 and !\u206045');
    expect(escapeMarkdown('a # b')).toBe('a \\# b');
  });

  it('redacts every secret the run knows', () => {
    expect(redact('token ghs_abcdef123 in ghs_abcdef123', ['ghs_abcdef123', undefined, 'x'])).toBe(
      'token *** in ***',
    );
    expect(secretsFromEnv({ GITHUB_TOKEN: 'ghs_1', OPENAI_API_KEY: 'sk-2', HOME: '/root' })).toEqual([
      'ghs_1',
      'sk-2',
    ]);
  });
});

describe('GitHub platform parts', () => {
  it('annotations: failed gates and regressions at the model line, then uncovered lines; 50 per batch', () => {
    const doc = withFindings([finding()], {
      sources: { config: 'ci/autoglm.yml', models: { m: 7 } },
    });
    const a = annotationsOf(doc);
    expect(a[0]).toMatchObject({ path: 'ci/autoglm.yml', start_line: 7, annotation_level: 'failure' });
    expect(batches(Array.from({ length: 120 }, (_, i) => i)).map((b) => b.length)).toEqual([50, 50, 20]);
  });

  it("a stage-one document cannot grant itself waivers or a verdict its findings don't support", () => {
    const forged: Results = {
      ...applyWaivers(withFindings([finding()]), [
        { target: 'all', by: 'maintainer', at: 't', findings: ['m accuracy'] },
      ]),
      verdict: 'pass',
    };
    expect(forged.comparison?.findings[0]?.accepted).toBe(true);
    const clean = untrusted(forged);
    expect(clean.waivers).toBeUndefined();
    expect(clean.comparison?.findings[0]?.accepted).toBeUndefined();
    expect(clean.verdict).toBe('regression');
  });

  it('a comment is ours by author: our login when known, else a bot, never a human', () => {
    expect(isOurs({ login: 'me', type: 'User' }, { login: 'me' })).toBe(true);
    expect(isOurs({ login: 'you', type: 'User' }, { login: 'me' })).toBe(false);
    expect(isOurs({ login: 'github-actions[bot]', type: 'Bot' }, { bot: true })).toBe(true);
    expect(isOurs({ login: 'Codertocat', type: 'User' }, { bot: true })).toBe(false);
    expect(isOurs(null, { bot: true })).toBe(false);
  });

  it('parses commands, with a reason', () => {
    expect(parseCommand('/autoglm rerun')).toEqual({ kind: 'rerun' });
    expect(parseCommand('ok\n/autoglm accept latency.p95_ms new runtime, slower but fine')).toEqual({
      kind: 'accept',
      target: 'latency.p95_ms',
      reason: 'new runtime, slower but fine',
    });
    expect(parseCommand('no command here')).toBeUndefined();
    expect(parseCommand('/autoglm dance')).toEqual({ kind: 'unknown', text: '/autoglm dance' });
  });

  it('hidden state and waivers round-trip and reject junk', () => {
    const s = {
      checkName: 'autoglm',
      stickyKey: 'w/j/c',
      failOn: 'regression',
      comment: 'always',
      runId: 5,
    } as const;
    expect(readState(`x\n${stateMarker(s)}\n`)).toEqual(s);
    expect(readState('<!-- autoglm-state: bm90IGpzb24= -->')).toBeUndefined();
    const w = [{ target: 'all', by: 'a', at: 't', findings: [] }];
    expect(readWaivers(waiversMarker(w))).toEqual(w);
    expect(readWaivers('<!-- autoglm-waivers: e30= -->')).toEqual([]);
    expect(stickyMarker('a-->b')).toBe('<!-- autoglm-sticky: a__b -->');
  });
});
