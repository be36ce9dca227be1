import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { planRun, planSuitesOf, triggerFromEnv } from '../src/pipeline/plan/index.js';
import type { PlanSuite } from '../src/pipeline/plan/select.js';
import { renderPlanMarkdown } from '../src/report/plan.js';

const ROOT = path.resolve(import.meta.dirname, '..');

const suites: PlanSuite[] = [
  {
    name: 'ocr',
    paths: ['src/ocr/**', 'preprocess/*.py'],
    deps: ['autoglm.yml', 'models/ocr.onnx', 'data/ocr.jsonl'],
  },
  {
    name: 'digits',
    paths: ['src/digits/**'],
    deps: ['autoglm.yml', 'models/digits.onnx', 'data/digits.jsonl'],
  },
  { name: 'always', deps: ['autoglm.yml', 'models/x.onnx'] },
];
const ran = (p: ReturnType<typeof planRun>) => p.suites.filter((s) => s.run).map((s) => s.name);

describe('planRun', () => {
  it('a PR runs the suites whose paths: or dependencies its changed files touch, and says why', () => {
    const plan = planRun(suites, { kind: 'pull_request', changed: ['src/ocr/crop.ts', 'README.md'] });
    expect(ran(plan)).toEqual(['ocr', 'always']);
    expect(plan.full).toBe(false);
    expect(plan.suites[0]?.reason).toBe('"src/ocr/crop.ts" matches paths: "src/ocr/**"');
    expect(plan.suites[1]?.reason).toBe('no changed file matches its paths: or dependencies (2 changed)');
    expect(plan.suites[2]?.reason).toContain('no paths: given');
    const data = planRun(suites, { kind: 'pull_request', changed: ['./data/digits.jsonl'] });
    expect(ran(data)).toEqual(['digits', 'always']);
    expect(data.suites[1]?.reason).toBe('depends on "data/digits.jsonl", which changed');
    expect(ran(planRun(suites, { kind: 'pull_request', changed: ['autoglm.yml'] }))).toEqual([
      'ocr',
      'digits',
      'always',
    ]);
    expect(ran(planRun(suites, { kind: 'pull_request', changed: ['preprocess/a/b.py'] }))).toEqual([
      'always',
    ]);
  });

  it('base-branch pushes, schedules, unknown changes and escalations run everything', () => {
    for (const trigger of [
      { kind: 'push', baseBranch: true },
      { kind: 'schedule' },
      { kind: 'manual' },
      { kind: 'push', baseBranch: false },
    ] as const) {
      const plan = planRun(suites, trigger);
      expect(plan.full).toBe(true);
      expect(ran(plan)).toEqual(['ocr', 'digits', 'always']);
    }
    const esc = planRun(
      suites,
      { kind: 'pull_request', changed: [] },
      'level-4 anomaly: OOM in src/ocr/crop.ts',
    );
    expect(esc.full).toBe(true);
    expect(esc.reason).toBe('level-4 anomaly: OOM in src/ocr/crop.ts');
  });

  it('the report lists ran and skipped suites with the reasons, escaped', () => {
    const plan = planRun(suites, { kind: 'pull_request', changed: ['src/ocr/<b>|x.ts'] });
    const md = renderPlanMarkdown(plan).join('\n');
    expect(md).toContain('2 of 3 suites ran; 1 skipped.');
    expect(md).toContain('| `digits` | skipped |');
    expect(md).toContain('\\<b\\>\\|x.ts');
  });
});

describe('planning the demo config', () => {
  it('dependencies are the config, the model files and the dataset, relative to the repository', async () => {
    const loaded = await loadConfig(path.join(ROOT, 'examples/demo/autoglm.yml'));
    const [suite] = planSuitesOf(loaded, ROOT);
    expect(suite?.deps).toEqual([
      'examples/demo/autoglm.yml',
      'examples/demo/models/digits-v1.onnx',
      'examples/demo/models/digits-v2.onnx',
      'examples/demo/data/eval.jsonl',
    ]);
    const trigger = await triggerFromEnv(ROOT, { GITHUB_EVENT_NAME: 'pull_request' }, loaded.config, [
      'examples/demo/data/eval.jsonl',
    ]);
    expect(trigger).toEqual({ kind: 'pull_request', changed: ['examples/demo/data/eval.jsonl'] });
    expect(await triggerFromEnv(ROOT, { CI_PIPELINE_SOURCE: 'schedule' }, loaded.config)).toEqual({
      kind: 'schedule',
    });
  });
});
