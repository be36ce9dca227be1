import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../src/pipeline/run.js';
import { parseEvents } from '../src/pipeline/triage.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { gitSh, tempDir } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const sh = gitSh;

/** The demo in a git repository with an origin, its suite limited to src/digits/**, branch store. */
function demoRepo(): string {
  const root = tempDir('autoglm-triage-');
  const origin = path.join(root, 'origin.git');
  sh(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  const repo = path.join(root, 'repo');
  sh(root, 'clone', '--quiet', origin, repo);
  for (const d of ['models', 'data'])
    cpSync(path.join(ROOT, 'examples/demo', d), path.join(repo, d), { recursive: true });
  const config = `models:
  - {name: digits-v1, path: models/digits-v1.onnx, adapter: classifier, batch_size: 16,
     labels: ["0","1","2","3","4","5","6","7","8","9"]}
suites:
  - {name: digits-eval, dataset: data/eval.jsonl, models: [digits-v1], paths: ["src/digits/**"]}
baseline: {store: branch, rounds: 0}
`;
  writeFileSync(path.join(repo, 'autoglm.yml'), config);
  writeFileSync(path.join(repo, 'README.md'), 'demo\n');
  sh(repo, 'add', '.');
  sh(repo, 'commit', '--quiet', '-m', 'demo');
  sh(repo, 'push', '--quiet', 'origin', 'HEAD:main');
  return repo;
}

const gitlab = (repo: string, over: Record<string, string>) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GITLAB_CI: 'true',
  CI_DEFAULT_BRANCH: 'main',
  CI_COMMIT_SHA: sh(repo, 'rev-parse', 'HEAD'),
  ...over,
});
const event = (level: number, message: string, stack: string) =>
  parseEvents(JSON.stringify({ time: '2026-12-02T10:00:00Z', level, message, stack }), 'events.ndjson');

describe('the triage loop on the demo (branch store, real git)', () => {
  it('level 2 is queued in the baseline store, level 4 escalates a PR run, the scheduled run drains the queue', async () => {
    const repo = demoRepo();
    const run = (env: Record<string, string | undefined>, extra = {}) =>
      runPipeline({ config: 'autoglm.yml', cwd: repo, failOn: 'never', env, log: () => {}, ...extra });

    // 1. A push to main with a level-2 event: it waits in the queue saved with this baseline.
    const push = await run(gitlab(repo, { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main' }), {
      events: event(2, 'p99 creeping up', 'at pre (src/digits/pre.ts:3:1)'),
    });
    expect(push.results.triage?.queue).toHaveLength(1);
    expect(push.results.triage?.queue[0]).toMatchObject({
      level: 2,
      suites: ['digits-eval'],
      action: 'queue',
    });

    // 2. A PR touching only the README skips the suite...
    const mr = {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '7',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'docs',
    };
    const quiet = await run(gitlab(repo, mr), { changedFiles: ['README.md'] });
    expect(quiet.results.plan?.suites).toEqual([
      {
        name: 'digits-eval',
        run: false,
        reason: 'no changed file matches its paths: or dependencies (1 changed)',
      },
    ]);
    expect(quiet.results.suites).toHaveLength(0);
    expect(quiet.results.comparison?.notes).toContain(
      'suite digits-eval skipped by the run plan: no changed file matches its paths: or dependencies (1 changed)',
    );
    expect(quiet.results.verdict).toBe('pass');
    // ...and a level-4 event makes the same PR run select every suite.
    const loud = await run(gitlab(repo, mr), {
      changedFiles: ['README.md'],
      events: event(4, 'OOM in the digits service', 'at crop (src/digits/crop.ts:9:2)'),
    });
    expect(loud.results.plan?.full).toBe(true);
    expect(loud.results.plan?.reason).toContain('level-4 anomaly');
    expect(loud.results.suites.map((s) => s.name)).toEqual(['digits-eval']);
    expect(renderMarkdown(loud.results)).toContain('escalate: full run');

    // 3. The next scheduled run inherits the queue from the store and drains it.
    const nightly = await run(gitlab(repo, { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main' }));
    expect(nightly.results.plan?.reason).toBe('scheduled run: every suite runs');
    expect(nightly.results.triage?.drained?.map((r) => r.message)).toEqual(['p99 creeping up']);
    expect(nightly.results.triage?.queue).toEqual([]);
    expect(renderMarkdown(nightly.results)).toContain('This scheduled run drained 1 queued anomaly.');
    // Drained for good: the run after it inherits an empty queue.
    const after = await run(gitlab(repo, { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main' }));
    expect(after.results.triage).toBeUndefined();
  }, 120_000);
});
