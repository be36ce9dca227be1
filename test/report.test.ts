import { describe, expect, it } from 'vitest';
import { evaluateGates, metricValue, verdictOf } from '../src/compare/gates.js';
import type { GateConfig } from '../src/config/schema.js';
import { fitToBudget, LIMITS } from '../src/report/budget.js';
import { escapeMarkdown, inlineCode } from '../src/report/escape.js';
import { fmtBytes, fmtMs, fmtPct, quantizationDeltas } from '../src/report/format.js';
import { REPORT_MARKER, renderMarkdown } from '../src/report/markdown.js';
import { renderTerminal } from '../src/report/terminal.js';
import { model, results, suite } from './factories.js';

const gate = (g: Partial<GateConfig> & Pick<GateConfig, 'mode'>): GateConfig => g as GateConfig;

/** Count `|` that are not escaped with a backslash. */
const pipes = (line: string): number => (line.match(/(?<!\\)\|/g) ?? []).length;

/** The markdown with every code span removed: what GitHub/GitLab would interpret as markup. */
function outsideCode(md: string): string {
  return md.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
}

describe('gates', () => {
  const v1 = model('v1', { accuracy: 0.92 });
  const v2 = model('v2', { accuracy: 0.78 });
  const unlabeled = model('raw');
  const s = suite([v1, v2]);

  it('reads metrics off a model, undefined when it has none', () => {
    expect(metricValue(v1, 'accuracy')).toBe(0.92);
    expect(metricValue(v1, 'latency.p95_ms')).toBe(4);
    expect(metricValue(v1, 'size_bytes')).toBe(40_960);
    expect(metricValue(unlabeled, 'accuracy')).toBeUndefined();
  });

  it('a failed block gate is a regression, naming the failing model and value', () => {
    const outcomes = evaluateGates([s], { accuracy: gate({ min: 0.8, mode: 'block' }) });
    expect(outcomes).toEqual([
      {
        metric: 'accuracy',
        suite: 'digits-eval',
        model: 'v1',
        value: 0.92,
        min: 0.8,
        mode: 'block',
        status: 'pass',
      },
      {
        metric: 'accuracy',
        suite: 'digits-eval',
        model: 'v2',
        value: 0.78,
        min: 0.8,
        mode: 'block',
        status: 'fail',
      },
    ]);
    expect(verdictOf(outcomes)).toBe('regression');
  });

  it('a value exactly at the threshold passes', () => {
    const outcomes = evaluateGates([s], {
      accuracy: gate({ min: 0.78, mode: 'block' }),
      'latency.p95_ms': gate({ max: 4, mode: 'block' }),
    });
    expect(outcomes.every((o) => o.status === 'pass')).toBe(true);
    expect(verdictOf(outcomes)).toBe('pass');
  });

  it('a failed warn gate is a warning', () => {
    const outcomes = evaluateGates([s], { 'latency.p95_ms': gate({ max: 3, mode: 'warn' }) });
    expect(outcomes.map((o) => o.status)).toEqual(['fail', 'fail']);
    expect(verdictOf(outcomes)).toBe('warning');
  });

  it('a missing metric warns, never a regression, even on a block gate', () => {
    const outcomes = evaluateGates([suite([unlabeled])], { accuracy: gate({ min: 0.8, mode: 'block' }) });
    expect(outcomes).toEqual([
      {
        metric: 'accuracy',
        suite: 'digits-eval',
        model: 'raw',
        value: null,
        min: 0.8,
        mode: 'block',
        status: 'missing',
        reason: 'raw does not report accuracy',
        models: ['raw'],
      },
    ]);
    expect(verdictOf(outcomes)).toBe('warning');
  });

  it('an info gate never affects the verdict, failed or missing', () => {
    const outcomes = evaluateGates([suite([v2, unlabeled])], { accuracy: gate({ min: 0.99, mode: 'info' }) });
    // v2 reports accuracy, so the unlabelled model is "not applicable", not "missing" (issue 14).
    expect(outcomes.map((o) => o.status)).toEqual(['fail', 'not applicable']);
    expect(verdictOf(outcomes)).toBe('pass');
    const none = evaluateGates([suite([unlabeled])], { accuracy: gate({ min: 0.99, mode: 'info' }) });
    expect(none.map((o) => o.status)).toEqual(['missing']);
    expect(verdictOf(none)).toBe('pass');
    expect(verdictOf(outcomes)).toBe('pass');
  });

  it('block beats warn; a warning with passes is a warning', () => {
    const gates = {
      accuracy: gate({ min: 0.8, mode: 'warn' }),
      'latency.mean_ms': gate({ max: 1, mode: 'block' }),
    };
    expect(verdictOf(evaluateGates([s], gates))).toBe('regression');
    expect(verdictOf(evaluateGates([s], { accuracy: gate({ min: 0.8, mode: 'warn' }) }))).toBe('warning');
    expect(verdictOf([])).toBe('pass');
  });

  it('a gate scoped to a suite or model applies only there', () => {
    const other = suite([model('v2', { accuracy: 0.1 })], { name: 'other' });
    const bySuite = evaluateGates([s, other], {
      accuracy: gate({ min: 0.5, mode: 'block', suite: 'digits-eval' }),
    });
    expect(bySuite.map((o) => `${o.suite}/${o.model}:${o.status}`)).toEqual([
      'digits-eval/v1:pass',
      'digits-eval/v2:pass',
    ]);
    const byModel = evaluateGates([s, other], { accuracy: gate({ min: 0.5, mode: 'block', model: 'v1' }) });
    expect(byModel.map((o) => `${o.suite}/${o.model}`)).toEqual(['digits-eval/v1']);
  });
});

describe('markdown report', () => {
  const v1 = model('digits-v1', { accuracy: 0.92, macroF1: 0.9208 });
  const v2 = model('digits-v2', { accuracy: 0.88, macroF1: 0.8791 }, { batched: false, batchSize: 1 });

  it('has the marker, verdict, side-by-side table and accuracy figures', () => {
    const md = renderMarkdown(results([suite([v1, v2])]), { title: 'Demo' });
    expect(md.startsWith(`${REPORT_MARKER}\n`)).toBe(true);
    expect(md).toContain('<!-- autoglm-report -->');
    expect(md).toContain('## Demo: ✅ pass');
    expect(md).toContain('### Suite `digits-eval`');
    expect(md).toContain('200 samples from `data/eval.jsonl`.');
    const lines = md.split('\n');
    const header = lines.find((l) => l.startsWith('| model |')) as string;
    expect(header).toContain('| model | mean latency | p95 | accuracy |');
    const at = lines.indexOf(header);
    const rows = lines.slice(at + 2, at + 4);
    expect(rows[0]).toMatch(/^\| `digits-v1` \| 2\.00 ms \| 4\.00 ms \| 92\.0% \| 0\.921 \|/);
    expect(rows[1]).toMatch(/^\| `digits-v2` \| 2\.00 ms \| 4\.00 ms \| 88\.0% \| 0\.879 \|/);
    // Every row has as many cells as the header; numbers are right-aligned.
    for (const l of [lines[at + 1] as string, ...rows]) expect(pipes(l)).toBe(pipes(header));
    expect(lines[at + 1]).toMatch(/^\| :--- \| ---: \|/);
    expect(md).toContain('`digits-v2`: p50 1.50 ms, p99 5.00 ms, batch 1 (per sample)');
    expect(md).toContain('`0123456789ab` `refs/heads/main`');
  });

  it('a suite selecting latency and accuracy shows exactly those columns', () => {
    const md = renderMarkdown(results([suite([v1, v2], { metrics: ['accuracy', 'latency'] })]));
    expect(md).toContain('\n| model | mean latency | p95 | accuracy |\n| :--- | ---: | ---: | ---: |\n');
  });

  it('names failed gates in the summary and lists every gate', () => {
    const gates = evaluateGates([suite([v1, v2])], { accuracy: { min: 0.9, mode: 'block' } });
    const md = renderMarkdown(results([suite([v1, v2])], gates));
    expect(md).toContain('## Open-AutoGLM CI: ❌ regression');
    expect(md).toContain('1 gate failed: `accuracy` of `digits-v2` is 0.88, needs ≥ 0.9.');
    expect(md).toContain('| ❌ | `accuracy` | `digits-eval` | `digits-v2` | 0.88 | ≥ 0.9 | block |');
    expect(md).toContain('| ✅ | `accuracy` | `digits-eval` | `digits-v1` | 0.92 | ≥ 0.9 | block |');
  });

  it('shows the agreement table', () => {
    const md = renderMarkdown(
      results([
        suite([v1, v2], {
          agreement: [
            {
              a: 'digits-v1',
              b: 'digits-v2',
              samples: 200,
              top1: 0.935,
              outputs: [{ name: 'logits', maxAbsDiff: 1.2345, meanAbsDiff: 0.1 }],
            },
          ],
        }),
      ]),
    );
    expect(md).toContain('| `digits-v1` vs `digits-v2` | 93.5% | `logits` | 1.23 | 0.1 |');
  });

  describe('escaping untrusted names', () => {
    const evil = '@octocat | <script>alert(1)</script>';
    const bad = model(evil, { accuracy: 0.5 });
    const md = renderMarkdown(
      results(
        [
          suite([v1, bad], {
            name: evil,
            agreement: [{ a: 'digits-v1', b: evil, samples: 1, top1: 1, outputs: [] }],
          }),
        ],
        evaluateGates([suite([bad], { name: evil })], { accuracy: { min: 0.9, mode: 'block' } }),
      ),
      { title: evil },
    );

    it('never pings: every @ is followed by a word joiner', () => {
      expect(md).not.toContain('@octocat');
      expect(md).toContain('@\u2060octocat');
    });

    it('has no HTML outside code spans', () => {
      const markup = outsideCode(md);
      expect(markup).not.toContain('<script>');
      expect(markup).not.toContain('</script>');
      // The only tags are the report's own (an escaped \< is text, not a tag).
      const tags = markup.match(/(?<!\\)<[a-z/!][^>]*>/gi) ?? [];
      expect(new Set(tags)).toEqual(
        new Set([
          '<!-- autoglm-report -->',
          '<details>',
          '<summary>',
          '</summary>',
          '</details>',
          '<sub>',
          '</sub>',
        ]),
      );
    });

    it('does not break the table: rows have as many unescaped | as the header', () => {
      const lines = md.split('\n');
      for (const header of lines.filter((l) => /^\| (model|models|) \|/.test(l))) {
        const at = lines.indexOf(header);
        for (let i = at + 1; i < lines.length && lines[i]?.startsWith('|'); i++) {
          expect(pipes(lines[i] as string), lines[i]).toBe(pipes(header));
        }
      }
      const row = lines.find((l) => l.includes('octocat') && l.includes('50.0%')) as string;
      expect(row).toBeDefined();
      expect(pipes(row)).toBe(pipes(lines.find((l) => l.startsWith('| model |')) as string));
    });

    it('escapes the title', () => {
      expect(md).toContain('## @\u2060octocat \\| \\<script\\>alert(1)\\</script\\>: ❌ regression');
    });
  });
});

describe('escapeMarkdown and inlineCode', () => {
  it('neutralises markup, HTML, table pipes and mentions', () => {
    expect(escapeMarkdown('*bold* _it_ [x](y) # h | <b> ~s~ `c` \\')).toBe(
      '\\*bold\\* \\_it\\_ \\[x\\](y) \\# h \\| \\<b\\> \\~s\\~ \\`c\\` \\\\',
    );
    expect(escapeMarkdown('a & b')).toBe('a &amp; b');
    expect(escapeMarkdown('hi @team')).toBe('hi @\u2060team');
    expect(escapeMarkdown('line1\nline2\r\nline3')).toBe('line1 line2 line3');
  });

  it('neutralises a leading / (GitLab quick action), only at the start', () => {
    expect(escapeMarkdown('/approve')).toBe('\\/approve');
    expect(escapeMarkdown('/close')).toBe('\\/close');
    expect(escapeMarkdown('a/b')).toBe('a/b');
  });

  it('inlineCode fences are longer than any backtick run inside', () => {
    expect(inlineCode('plain')).toBe('`plain`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('a``b`')).toBe('``` a``b` ```');
    expect(inlineCode('`start')).toBe('`` `start ``');
    // The content survives: strip the fence and padding and get the text back.
    for (const text of ['a`b', 'x ``` y', '`', '``code``']) {
      const code = inlineCode(text);
      const fence = (code.match(/^`+/) as RegExpMatchArray)[0];
      expect(code.endsWith(fence)).toBe(true);
      const inner = code.slice(fence.length, code.length - fence.length);
      expect(inner.match(new RegExp(`(?<!\`)${fence}(?!\`)`))).toBeNull();
      expect(inner.trim() === text || inner === text).toBe(true);
    }
  });

  it('inlineCode escapes pipes in table cells only, collapses newlines and stops mentions', () => {
    expect(inlineCode('a|b', { table: true })).toBe('`a\\|b`');
    expect(inlineCode('a|b')).toBe('`a|b`');
    expect(inlineCode('a\nb')).toBe('`a b`');
    expect(inlineCode('@x')).toBe('`@\u2060x`');
  });
});

describe('fitToBudget', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => `| row ${i} | ${'x'.repeat(i % 50)} |`);
  const md = lines.join('\n');

  it('returns short text unchanged', () => {
    expect(fitToBudget('short\ntext', 100)).toBe('short\ntext');
    expect(fitToBudget(md, md.length)).toBe(md);
  });

  it('keeps output within the limit, cuts at a line boundary and says it was truncated', () => {
    for (const limit of [500, 4096, 10_000, md.length - 1]) {
      const out = fitToBudget(md, limit, 'see the job log');
      expect(out.length).toBeLessThanOrEqual(limit);
      const noteAt = out.indexOf('\n\n> Truncated');
      expect(noteAt).toBeGreaterThan(0);
      const kept = out.slice(0, noteAt);
      expect(md.startsWith(kept)).toBe(true);
      // The next character of the original is a line break: no half row.
      expect(md[kept.length]).toBe('\n');
      expect(out).toContain(`limit; see the job log.`);
      expect(out).toContain(`${limit.toLocaleString('en-US')}-character limit`);
    }
  });

  it('fits a GitHub comment', () => {
    const huge = Array.from({ length: 5000 }, (_, i) => `| ${i} | ${'y'.repeat(40)} |`).join('\n');
    const out = fitToBudget(huge, LIMITS.githubComment);
    expect(out.length).toBeLessThanOrEqual(65_536);
    expect(out).toContain('65,536-character limit; the full report is in autoglm-report.md.');
  });
});

describe('terminal output', () => {
  it('strips control characters (ESC) from names', () => {
    const name = 'evil\u001b[2J\u001b[31mred\u0007';
    const r = results(
      [suite([model(name, { accuracy: 0.5 })], { name: `suite\u001b]0;title\u0007` })],
      [
        {
          metric: 'accuracy',
          suite: 's\u001b',
          model: name,
          value: 0.5,
          min: 0.9,
          mode: 'block',
          status: 'fail',
        },
      ],
    );
    const out = renderTerminal(r);
    expect(out).not.toMatch(/\p{Cc}(?<!\n)/u);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('evil?[2J?[31mred?');
    expect(out).toContain('Suite suite?]0;title?: 200 samples (data/eval.jsonl)');
    expect(out).toContain('FAIL gate accuracy s?/evil?[2J?[31mred?: 0.5 (min 0.9) [block]');
    expect(out).toContain('Verdict: regression');
  });

  it('shows a side-by-side table with aligned columns', () => {
    const out = renderTerminal(
      results([suite([model('a', { accuracy: 0.92 }), model('bb', { accuracy: 0.5 })])]),
    );
    const lines = out.split('\n');
    const header = lines.find((l) => l.startsWith('model')) as string;
    expect(header).toMatch(/^model\s+mean latency\s+p95\s+accuracy/);
    const rows = lines.filter((l) => /^(a|bb)\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('92.0%');
    expect(rows[1]).toContain('50.0%');
    expect(out).toContain('Verdict: pass');
  });
});

describe('quantizationDeltas and formatting', () => {
  it('shows size, accuracy and latency deltas against the original', () => {
    const base = model('digits-v1', { accuracy: 0.92, sizeBytes: 40_000 });
    const q = model(
      'digits-v1-int8',
      {
        accuracy: 0.915,
        sizeBytes: 10_000,
        latency: { meanMs: 1, p50Ms: 1, p95Ms: 1, p99Ms: 1, minMs: 1, maxMs: 1 },
      },
      { quantizedFrom: 'digits-v1' },
    );
    const lines = quantizationDeltas(suite([base, q, model('other')]));
    expect(lines).toEqual([
      'digits-v1-int8 vs digits-v1: size 39.1 KiB → 9.8 KiB (−75.0%), accuracy 92.0% → 91.5% (−0.5 pp), mean latency 2.00 ms → 1.00 ms (−50.0%)',
    ]);
    const md = renderMarkdown(results([suite([base, q])]));
    expect(md).toContain('**Int8 weight quantization**');
    expect(md).toContain('- digits-v1-int8 vs digits-v1: size 39.1 KiB → 9.8 KiB (−75.0%)');
    const term = renderTerminal(results([suite([base, q])]));
    expect(term).toContain('accuracy 92.0% → 91.5% (−0.5 pp)');
  });

  it('an accuracy gain is signed +', () => {
    const base = model('m', { accuracy: 0.5, sizeBytes: 2048 });
    const q = model('m-int8', { accuracy: 0.6, sizeBytes: 2048 }, { quantizedFrom: 'm' });
    expect(quantizationDeltas(suite([base, q]))[0]).toContain(
      'size 2.0 KiB → 2.0 KiB (±0), accuracy 50.0% → 60.0% (+10.0 pp)',
    );
  });

  it('no line without the original in the suite', () => {
    expect(quantizationDeltas(suite([model('q', {}, { quantizedFrom: 'gone' })]))).toEqual([]);
  });

  it('formats times, sizes and percentages', () => {
    expect(fmtMs(250)).toBe('250 ms');
    expect(fmtMs(2)).toBe('2.00 ms');
    expect(fmtMs(0.0123)).toBe('12.3 µs');
    expect(fmtMs(Number.NaN)).toBe('n/a');
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(2048)).toBe('2.0 KiB');
    expect(fmtBytes(3 * 1024 * 1024)).toBe('3.00 MiB');
    expect(fmtPct(0.9234)).toBe('92.3%');
    expect(fmtPct(undefined)).toBe('–');
  });
});
