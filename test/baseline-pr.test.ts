import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { demoCopy, runCli, tempDir } from './helpers.js';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } }).trim();

/** A clearly worse copy of a demo model: the output layer ignores most hidden units. */
function weaken(file: string, keepUnits: number): void {
  const { onnx } = onnxProto;
  const model = onnx.ModelProto.decode(readFileSync(file));
  const w = model.graph?.initializer?.find((t) => t.name === 'fc2.weight');
  if (!w?.rawData) throw new Error('fc2.weight not found');
  const raw = new Uint8Array(w.rawData);
  const values = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  values.fill(0, keepUnits * 10); // rows are hidden units, 10 classes each
  w.rawData = raw;
  writeFileSync(file, onnx.ModelProto.encode(model).finish());
}

/** The variables a GitHub runner sets, for a push to main or a pull request into main. */
function githubEnv(dir: string, event: 'push' | 'pull_request', sha: string, branch: string, runId: string) {
  const file = path.join(dir, `event-${runId}.json`);
  const payload =
    event === 'push'
      ? { repository: { default_branch: 'main' } }
      : {
          repository: { default_branch: 'main' },
          pull_request: { number: 7, base: { ref: 'main', sha: 'f'.repeat(40) }, head: { ref: branch, sha } },
        };
  writeFileSync(file, JSON.stringify(payload));
  return {
    ...GIT_ENV,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: file,
    GITHUB_SHA: sha,
    GITHUB_REF_NAME: event === 'push' ? branch : `7/merge`,
    ...(event === 'pull_request' ? { GITHUB_HEAD_REF: branch, GITHUB_BASE_REF: 'main' } : {}),
    GITHUB_RUN_ID: runId,
    GITHUB_REPOSITORY: 'octo/models',
  };
}

describe('a pull request is compared with the run of its merge-base (branch store, real git)', () => {
  it('finds the merge-base run although main moved on, flags the accuracy drop and lists flipped samples', () => {
    const root = tempDir('autoglm-pr-');
    const origin = path.join(root, 'origin.git');
    git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
    const work = demoCopy();
    const config = readFileSync(path.join(work, 'autoglm.yml'), 'utf8')
      .replace('    quantize: true\n', '')
      .replace('gates:\n', 'gates:\n  macro_f1:\n    max_drop: 1%\n    mode: warn\n')
      .replace('  accuracy:\n    min: 0.8\n', '  accuracy:\n    min: 0.8\n    max_drop: 0.01\n')
      .concat('\nbaseline:\n  store: branch\n  rounds: 12\n');
    writeFileSync(path.join(work, 'autoglm.yml'), config);
    git(work, 'init', '--quiet', '--initial-branch=main');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'models');
    git(work, 'remote', 'add', 'origin', origin);
    git(work, 'push', '--quiet', 'origin', 'main');
    const mergeBase = git(work, 'rev-parse', 'HEAD');

    // 1. Push to main: the run becomes the baseline of its commit.
    const push = runCli(['run'], work, githubEnv(root, 'push', mergeBase, 'main', '100'));
    expect(push.stderr).toContain('saved this run as the baseline of main');
    expect(push.code).toBe(0);

    // 2. A PR branches off, and retrains digits-v1 into a clearly weaker model.
    git(work, 'checkout', '--quiet', '-b', 'feature/swap');
    weaken(path.join(work, 'models/digits-v1.onnx'), 48);
    git(work, 'commit', '--quiet', '-am', 'retrain digits-v1');
    const head = git(work, 'rev-parse', 'HEAD');

    // 3. Meanwhile main moves on and saves another baseline: the PR must not use this one.
    git(work, 'checkout', '--quiet', 'main');
    writeFileSync(path.join(work, 'NOTES.md'), 'later\n');
    git(work, 'add', 'NOTES.md');
    git(work, 'commit', '--quiet', '-m', 'later on main');
    git(work, 'push', '--quiet', 'origin', 'main');
    const tip = git(work, 'rev-parse', 'HEAD');
    expect(runCli(['run'], work, githubEnv(root, 'push', tip, 'main', '101')).code).toBe(0);

    // 4. The PR run.
    git(work, 'checkout', '--quiet', 'feature/swap');
    const pr = runCli(
      ['run', '--json', 'summary.json'],
      work,
      githubEnv(root, 'pull_request', head, 'feature/swap', '102'),
    );
    expect(pr.stderr).not.toContain('saved this run');
    expect(pr.code, pr.stdout + pr.stderr).toBe(1);
    const results = JSON.parse(readFileSync(path.join(work, 'autoglm-results.json'), 'utf8'));
    expect(results.comparison.baseline).toMatchObject({
      store: 'branch',
      matched: 'merge-base',
      sha: mergeBase,
      runId: '100',
      location: `autoglm-data:sha/${mergeBase}.json`,
    });
    const accuracy = results.comparison.findings.find(
      (f: { model: string; metric: string }) => f.model === 'digits-v1' && f.metric === 'accuracy',
    );
    expect(accuracy).toMatchObject({ outcome: 'regression', method: 'paired', mode: 'block' });
    expect(accuracy.flips.passToFail.length).toBeGreaterThan(accuracy.flips.failToPass.length);
    // The changed model was timed against its merge-base version in the same process.
    const v1 = results.suites[0].models.find((m: { name: string }) => m.name === 'digits-v1');
    expect(v1.interleaved).toMatchObject({
      rounds: 12,
      baseSource: `models/digits-v1.onnx at ${mergeBase.slice(0, 12)}`,
    });
    expect(v1.interleaved.base).toHaveLength(12);
    const latency = results.comparison.findings.find(
      (f: { model: string; metric: string }) => f.model === 'digits-v1' && f.metric === 'latency.mean_ms',
    );
    expect(latency.method).toBe('interleaved');
    // The unchanged model is compared too, without a false alarm.
    const v2 = results.comparison.findings.find(
      (f: { model: string; metric: string }) => f.model === 'digits-v2' && f.metric === 'accuracy',
    );
    expect(v2.outcome).toBe('no change');
    const report = readFileSync(path.join(work, 'autoglm-report.md'), 'utf8');
    expect(report).toContain(
      // The ref the merge-base came from is named (issue 14).
      `Compared with the merge-base with \`origin/main\`: commit \`${mergeBase.slice(0, 12)}\`, branch \`main\`, run \`100\``,
    );
    expect(report).toMatch(/pass → fail \(\d+\): `eval-\d+`/);
    expect(pr.stdout).toMatch(
      /regression \(block\): digits-v1 accuracy [\d.]+% worse \[paired, severity [45]\]/,
    );
  });

  it('no baseline yet: a notice, and the run passes', () => {
    const work = demoCopy();
    git(work, 'init', '--quiet', '--initial-branch=main');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'models');
    const r = runCli(['run', '--baseline', 'branch'], work, { ...GIT_ENV, AUTOGLM_BASE_BRANCH: 'main' });
    expect(r.code).toBe(0);
    // A local run never saves on its own: no "when merged" promise, but how to make one (issue 14).
    expect(r.stdout).toContain(
      'note: no baseline yet for main: a local run never saves one; make one with `autoglm baseline save --store branch` on main',
    );
    expect(r.stdout).not.toContain('when merged');
    expect(readFileSync(path.join(work, 'autoglm-report.md'), 'utf8')).toContain(
      'No baseline to compare with.',
    );
  });
});
