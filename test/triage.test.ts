import { describe, expect, it } from 'vitest';
import type { PlanSuite } from '../src/pipeline/plan/select.js';
import { planRun } from '../src/pipeline/plan/select.js';
import { framesOf, parseEvents, triage } from '../src/pipeline/triage.js';
import { renderTriage } from '../src/report/plan.js';
import { usageErrorAsync } from './helpers.js';

const suites: PlanSuite[] = [
  { name: 'ocr', paths: ['src/ocr/**'], deps: ['autoglm.yml', 'models/ocr.onnx'] },
  { name: 'digits', paths: ['src/digits/**'], deps: ['autoglm.yml', 'models/digits.onnx'] },
];
const ndjson = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');

describe('triage', () => {
  it('a level-4 event escalates a PR run to every suite', () => {
    const events = parseEvents(
      ndjson({
        time: '2026-12-02T10:00:00Z',
        level: 4,
        message: 'OOM in crop',
        stack: 'Error: OOM\n    at crop (/home/runner/work/app/app/src/ocr/crop.ts:12:5)',
      }),
      'events.ndjson',
    );
    const t = triage(events, suites);
    expect(t.rows[0]).toMatchObject({ level: 4, suites: ['ocr'], action: 'escalate' });
    expect(t.escalation).toContain('level-4 anomaly');
    const plan = planRun(suites, { kind: 'pull_request', changed: ['README.md'] }, t.escalation);
    expect(plan.suites.every((s) => s.run)).toBe(true);
    expect(plan.reason).toBe(t.escalation);
  });

  it('a level-2 event is queued, not escalated; the PR run stays selective', () => {
    const t = triage(
      parseEvents(
        ndjson({ time: 't', level: 2, message: 'slow', stack: 'File "src/digits/pre.py", line 3, in f' }),
        'e.ndjson',
      ),
      suites,
    );
    expect(t.rows[0]).toMatchObject({ suites: ['digits'], action: 'queue' });
    expect(t.escalation).toBeUndefined();
    const plan = planRun(suites, { kind: 'pull_request', changed: ['README.md'] }, t.escalation);
    expect(plan.suites.some((s) => s.run)).toBe(false);
    expect(renderTriage(t.rows, false)).toContain('queued for the next scheduled run');
  });

  it('stack frames, files and named suites map to suites', () => {
    expect(
      framesOf({ stack: 'at f (./src/ocr/a.ts:1:2)\nat g (node:internal/x:1:1)', file: 'models/ocr.onnx' }),
    ).toContain('src/ocr/a.ts');
    const t = triage(
      parseEvents(
        ndjson(
          { time: 't', level: 1, message: 'm', file: 'models/digits.onnx' },
          { time: 't', level: 5, message: 'm', suite: 'ocr' },
        ),
        'e',
      ),
      suites,
    );
    expect(t.rows.map((r) => r.suites)).toEqual([['digits'], ['ocr']]);
    expect(t.escalation).toContain('level-5');
  });

  it('bad lines name file:line and what was expected', async () => {
    const bad = async (text: string) => (await usageErrorAsync(() => parseEvents(text, 'ev.ndjson'))).message;
    expect(await bad('{"time":"t","level":2,"message":"ok"}\n{nope')).toContain(
      'ev.ndjson:2: malformed JSON line',
    );
    expect(await bad('\n{"time":"t","level":7,"message":"x"}')).toContain('ev.ndjson:2: level:');
    expect(await bad('{"time":"t","level":"high","message":"x"}')).toContain('expected a level 1-5');
  });
});
