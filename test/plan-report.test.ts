import { describe, expect, it } from 'vitest';
import {
  renderCostMarkdown,
  renderPlanMarkdown,
  renderPlanTerminal,
  renderTriage,
  renderTriageMarkdown,
} from '../src/report/plan.js';
import type { CostResult } from '../src/results/cost.js';
import type { TriageRowResult } from '../src/results/plan.js';

const row = (over: Partial<TriageRowResult> = {}): TriageRowResult => ({
  time: '2026-01-01T00:00:00Z',
  level: 4,
  message: 'p95 latency doubled',
  suites: ['digits'],
  action: 'escalate',
  ...over,
});

const cost = (over: Partial<CostResult> = {}): CostResult => ({
  currency: 'USD',
  runnerPerHour: 0.48,
  stages: [
    { stage: 'eval', seconds: 12.34, cost: 0.0016 },
    { stage: 'testgen', seconds: 3, cost: 0.0004 },
  ],
  models: [],
  total: 0.002,
  ...over,
});

describe('plan, triage and cost sections', () => {
  it('plan: a selective run lists every suite; a full run for one reason says it once', () => {
    const selective = renderPlanMarkdown({
      full: false,
      suites: [
        { name: 'digits', run: true, reason: 'src/model.ts changed' },
        { name: 'text|x', run: false, reason: 'no path of it changed' },
      ],
    });
    expect(selective).toEqual([
      '',
      '### Run plan',
      '',
      '1 of 2 suites ran; 1 skipped.',
      '',
      '| suite | ran | why |',
      '|---|---|---|',
      '| `digits` | yes | src/model.ts changed |',
      '| `text\\|x` | skipped | no path of it changed |',
    ]);
    const full = renderPlanMarkdown({
      full: true,
      reason: 'schedule',
      suites: [{ name: 'd', run: true, reason: 'schedule' }],
    });
    expect(full).toEqual(['', '### Run plan', '', 'Every suite ran: schedule.']);
    const mixed = renderPlanMarkdown({ full: true, suites: [{ name: 'd', run: true, reason: 'escalated' }] });
    expect(mixed.slice(3)).toEqual([
      'Every suite ran: every suite was affected.',
      '',
      '| suite | ran | why |',
      '|---|---|---|',
      '| `d` | yes | escalated |',
    ]);
    expect(renderPlanMarkdown(undefined)).toEqual([]);
  });

  it('triage: markdown and aligned text tables; unmatched suites and long messages', () => {
    const rows = [
      row(),
      row({ level: 2, action: 'queue', suites: [], message: `a\nb ${'x'.repeat(200)}` }),
      row({ suites: ['a', 'b'], message: '@team <b>' }),
    ];
    expect(renderTriage(rows, true).split('\n')).toEqual([
      '### Triage',
      '',
      '| time | level | action | suites | message |',
      '|---|---|---|---|---|',
      '| 2026-01-01T00:00:00Z | 4 | escalate: full run | digits | p95 latency doubled |',
      `| 2026-01-01T00:00:00Z | 2 | queued for the next scheduled run | (no suite matched) | a b ${'x'.repeat(156)} |`,
      '| 2026-01-01T00:00:00Z | 4 | escalate: full run | a, b | @\u2060team \\<b\\> |',
    ]);
    expect(renderTriage([row()], false).split('\n')).toEqual([
      'time                  level  action              suites  message',
      '--------------------  -----  ------------------  ------  -------------------',
      '2026-01-01T00:00:00Z  4      escalate: full run  digits  p95 latency doubled',
    ]);
  });

  it('triage section: the table or a bare heading, escalation, the queue and what was drained', () => {
    const md = renderTriageMarkdown({
      rows: [row()],
      escalated: true,
      queue: [row({ action: 'queue' })],
      drained: [row(), row()],
    });
    expect(md[0]).toBe('');
    expect(md[1]?.startsWith('### Triage\n\n| time |')).toBe(true);
    expect(md.slice(2)).toEqual([
      '',
      'An anomaly of level 4 or more made this run the full regression run.',
      '1 lower-level anomaly waits in the baseline store for the next scheduled run.',
      'This scheduled run drained 2 queued anomalies.',
    ]);
    const quiet = renderTriageMarkdown({
      rows: [],
      escalated: false,
      queue: [row(), row()],
      drained: [row()],
    });
    expect(quiet).toEqual([
      '',
      '### Triage',
      '',
      '2 lower-level anomalies wait in the baseline store for the next scheduled run.',
      'This scheduled run drained 1 queued anomaly.',
    ]);
    expect(renderTriageMarkdown({ rows: [], escalated: false, queue: [] })).toEqual([
      '',
      '### Triage',
      '',
      'The queue is empty.',
    ]);
    expect(renderTriageMarkdown(undefined)).toEqual([]);
  });

  it('cost: stages, money with precision by size, changes against the baseline and the original', () => {
    const md = renderCostMarkdown(
      cost({
        models: [
          {
            suite: 's',
            model: 'a',
            seconds: 1.234,
            inferences: 200,
            cost: 0.0002,
            per1kInferences: 0.001,
            baselinePer1k: 0.002,
            originalPer1k: 0.001,
          },
          {
            suite: 's',
            model: 'b',
            seconds: 2,
            inferences: 10,
            cost: 0.5,
            per1kInferences: 2.5,
            baselinePer1k: 0,
            originalPer1k: undefined,
          },
          {
            suite: 's',
            model: 'c',
            seconds: 0,
            inferences: 0,
            cost: 0,
            per1kInferences: 0.5,
            baselinePer1k: 0.4,
          },
          { suite: 's', model: 'd', seconds: 0, inferences: 0, cost: 0, per1kInferences: 0 },
        ],
      }),
    );
    expect(md.slice(0, 6)).toEqual([
      '',
      '### Cost',
      '',
      'This run: 0.0020 USD at 0.48 USD per runner hour (eval 12.3 s, testgen 3.0 s).',
      '',
      '| suite | model | inferences | compute s | per 1,000 inferences | vs baseline | vs original |',
    ]);
    expect(md.slice(7)).toEqual([
      '| `s` | `a` | 200 | 1.23 | 0.0010 USD | -50.0% | +0.0% |',
      '| `s` | `b` | 10 | 2.00 | 2.50 USD |  |  |',
      '| `s` | `c` | 0 | 0.00 | 0.5000 USD | +25.0% |  |',
      '| `s` | `d` | 0 | 0.00 | 0.0000 USD |  |  |',
    ]);
    expect(renderCostMarkdown(cost({ total: 0.00123 }))[3]).toContain('This run: 0.0012 USD');
    expect(renderCostMarkdown(cost({ total: 1 }))[3]).toContain('This run: 1.00 USD');
    expect(renderCostMarkdown(undefined)).toEqual([]);
  });

  it('terminal: each suite ran or skipped, the plan reason, triage, queue, drained, cost; nothing when empty', () => {
    const text = renderPlanTerminal({
      plan: {
        full: false,
        suites: [
          { name: 'a', run: true, reason: 'changed' },
          { name: 'b', run: false, reason: 'untouched' },
        ],
      },
      triage: { rows: [row()], escalated: true, queue: [row(), row()], drained: [row()] },
      cost: cost(),
    });
    expect(text.split('\n')).toEqual([
      'ran     a: changed',
      'skipped b: untouched',
      '',
      'time                  level  action              suites  message',
      '--------------------  -----  ------------------  ------  -------------------',
      '2026-01-01T00:00:00Z  4      escalate: full run  digits  p95 latency doubled',
      'Queue: 2 anomalies wait for the next scheduled run.',
      // It read "Drained 1 queued anomalies.".
      'Drained 1 anomaly from the queue.',
      'Cost: 0.0020 USD for this run.',
      '',
    ]);
    expect(renderPlanTerminal({ plan: { full: true, reason: 'schedule', suites: [] } })).toBe(
      'Plan: schedule\n',
    );
    expect(
      renderPlanTerminal({ triage: { rows: [], escalated: false, queue: [row()], drained: [row(), row()] } }),
    ).toBe('Queue: 1 anomaly waits for the next scheduled run.\nDrained 2 anomalies from the queue.\n');
    expect(
      renderPlanTerminal({
        plan: { full: true, suites: [] },
        triage: { rows: [], escalated: false, queue: [] },
      }),
    ).toBe('');
    expect(renderPlanTerminal({})).toBe('');
  });
});

describe('plan, triage and cost: the finer details', () => {
  it('a full run lists the suites once any of them ran for a reason of its own', () => {
    const md = renderPlanMarkdown({
      full: true,
      reason: 'schedule',
      suites: [
        { name: 'a', run: true, reason: 'schedule' },
        { name: 'b', run: true, reason: 'escalated' },
      ],
    });
    expect(md.slice(3)).toEqual([
      'Every suite ran: schedule.',
      '',
      '| suite | ran | why |',
      '|---|---|---|',
      '| `a` | yes | schedule |',
      '| `b` | yes | escalated |',
    ]);
  });

  it('a triage message with CRLF or blank lines reads as one line with single spaces', () => {
    expect(renderTriage([row({ message: 'p95\r\n\r\ndoubled' })], false).split('\n')[2]).toMatch(
      / p95 doubled$/,
    );
  });

  it('cost table: right-aligned figures, pipes kept inside suite and model cells, sub-cent money in two significant digits', () => {
    const one = (over: Partial<CostResult['models'][number]>) => ({
      suite: 's',
      model: 'm',
      seconds: 1,
      inferences: 1,
      cost: 0,
      per1kInferences: 1,
      ...over,
    });
    const md = renderCostMarkdown(
      cost({
        models: [
          one({ suite: 'a|b', model: 'c|d', per1kInferences: 0.000123 }),
          one({ per1kInferences: 0.01 }),
        ],
      }),
    );
    expect(md.slice(6)).toEqual([
      '|---|---|---:|---:|---:|---:|---:|',
      '| `a\\|b` | `c\\|d` | 1 | 1.00 | 0.00012 USD |  |  |',
      '| `s` | `m` | 1 | 1.00 | 0.0100 USD |  |  |',
    ]);
  });
});
