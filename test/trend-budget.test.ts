import { describe, expect, it } from 'vitest';
import { fitToBudget } from '../src/report/budget.js';
import { renderTrend } from '../src/report/trend.js';

const series = (model: string, values: number[], metric = 'accuracy') => ({
  suite: 's',
  model,
  metric,
  points: values.map((value, i) => ({ label: `run ${i}`, value })),
});

describe('trend charts', () => {
  it('a mermaid line chart per series: labels made safe, the y axis padded by a tenth of the range', () => {
    expect(renderTrend([series('digits"v2', [0.5, 0.75, 1])])).toEqual([
      '`digits"v2` `accuracy` over the last 3 runs:',
      '',
      '```mermaid',
      'xychart-beta',
      '  title "digits_v2 accuracy"',
      '  x-axis ["run 0", "run 1", "run 2"]',
      '  y-axis "accuracy" 0.45 --> 1.05',
      '  line [0.5, 0.75, 1]',
      '```',
      '',
    ]);
  });

  it('a flat series pads by 5% of its value, or by 1 at zero; labels cut at 40 characters', () => {
    expect(renderTrend([series('m', [2, 2])])[6]).toBe('  y-axis "accuracy" 1.9 --> 2.1');
    expect(renderTrend([series('m', [-2, -2])])[6]).toBe('  y-axis "accuracy" -2.1 --> -1.9');
    expect(renderTrend([series('m', [0, 0])])[6]).toBe('  y-axis "accuracy" -1 --> 1');
    expect(renderTrend([series('m'.repeat(50), [1])])[4]).toBe(`  title "${'m'.repeat(40)}"`);
    expect(renderTrend([series('m', [1.23456789])])[7]).toBe('  line [1.23457]');
  });

  it('six charts at most, then how many more', () => {
    const many = Array.from({ length: 7 }, (_, i) => series(`m${i}`, [1, 2]));
    const out = renderTrend(many);
    expect(out.filter((l) => l === '```mermaid')).toHaveLength(6);
    expect(out.at(-1)).toBe('… and 1 more series in the results document.');
    expect(renderTrend(many.slice(0, 6)).at(-1)).toBe('');
  });
});

describe('fitting a platform budget', () => {
  it('keeps text at the limit; cuts longer text at a line boundary and says so', () => {
    const text = 'line one\nline two\nline three';
    expect(fitToBudget(text, text.length)).toBe(text);
    const note = "\n\n> Truncated to fit the platform's 1,000-character limit; see the summary.\n";
    const long = `${'a'.repeat(600)}\n${'b'.repeat(600)}`;
    expect(fitToBudget(long, 1000, 'see the summary')).toBe(`${'a'.repeat(600)}${note}`);
    // One long line: cut inside it rather than post nothing.
    const cut = fitToBudget('c'.repeat(2000), 1000, 'see the summary');
    expect(cut).toBe(`${'c'.repeat(1000 - note.length)}${note}`);
    expect(cut.length).toBe(1000);
    expect(fitToBudget('x'.repeat(200), 100)).toContain('the full report is in autoglm-report.md.');
  });
});

describe('trend and budget: edge cases', () => {
  it('a rising series pads its axis by a tenth of the range, not by its top value', () => {
    expect(renderTrend([series('m', [1, 3])])[6]).toBe('  y-axis "accuracy" 0.8 --> 3.2');
  });

  it('a report whose only line break is its first character is cut inside the long line, not to nothing', () => {
    const note = "\n\n> Truncated to fit the platform's 1,000-character limit; see the summary.\n";
    const cut = fitToBudget(`\n${'c'.repeat(2000)}`, 1000, 'see the summary');
    expect(cut).toBe(`\n${'c'.repeat(999 - note.length)}${note}`);
  });
});
