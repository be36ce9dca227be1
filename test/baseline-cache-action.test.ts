import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CacheScope, type FakeActionsCache, startFakeActionsCache } from './fake-actions-cache.js';
import { copyTracked, DEMO, ROOT, tempDir } from './helpers.js';

// The built action against the loopback cache service (the store itself: baseline-cache.test.ts).
const MAIN: CacheScope[] = [{ scope: 'refs/heads/main', permission: 3 }];
/** A pull request's token: writes its own merge ref, reads the base branch. */
const PR = (n: number): CacheScope[] => [
  { scope: `refs/pull/${n}/merge`, permission: 3 },
  { scope: 'refs/heads/main', permission: 1 },
];

describe('the action from action.yml + dist/ alone, with baseline: cache', () => {
  let fake: FakeActionsCache;
  beforeAll(async () => {
    fake = await startFakeActionsCache();
  });
  afterAll(() => fake.close());

  /** Run dist/index.js as the runner does; async, so the in-process fake can answer it. */
  function runAction(actionDir: string, cwd: string, env: NodeJS.ProcessEnv) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(actionDir, 'dist', 'index.js')], { cwd, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d;
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('a push to main saves the run; a pull request then compares against it by merge-base', async () => {
    const root = tempDir('autoglm-action-cache-');
    const actionDir = path.join(root, 'action');
    cpSync(path.join(ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
    cpSync(path.join(ROOT, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
    const workspace = path.join(root, 'workspace');
    copyTracked(DEMO, path.join(workspace, 'demo'));
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: workspace,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
        },
      }).trim();
    git('init', '--quiet', '--initial-branch=main');
    git('add', '.');
    git('commit', '--quiet', '-m', 'demo');
    const mergeBase = git('rev-parse', 'HEAD');
    git('checkout', '--quiet', '-b', 'feature/x');
    writeFileSync(path.join(workspace, 'NOTES.md'), 'x\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'feature');
    const head = git('rev-parse', 'HEAD');
    const runnerTemp = path.join(root, 'runner-temp');
    mkdirSync(runnerTemp);
    const job = (event: string, payload: unknown, extra: NodeJS.ProcessEnv, scopes: CacheScope[]) => {
      const eventPath = path.join(root, `${event}.json`);
      writeFileSync(eventPath, JSON.stringify(payload));
      for (const f of ['summary.md', 'output.txt']) writeFileSync(path.join(root, f), '');
      return {
        PATH: process.env.PATH,
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_STEP_SUMMARY: path.join(root, 'summary.md'),
        GITHUB_OUTPUT: path.join(root, 'output.txt'),
        GITHUB_EVENT_NAME: event,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'octo/models',
        GITHUB_RUN_ATTEMPT: '1',
        RUNNER_TEMP: runnerTemp,
        INPUT_CONFIG: 'autoglm.yml',
        'INPUT_WORKING-DIRECTORY': 'demo',
        INPUT_BASELINE: 'cache',
        ...fake.env('v2', scopes),
        ...extra,
      };
    };

    git('checkout', '--quiet', 'main');
    const pushed = await runAction(
      actionDir,
      workspace,
      job(
        'push',
        { repository: { default_branch: 'main' } },
        { GITHUB_SHA: mergeBase, GITHUB_REF_NAME: 'main', GITHUB_RUN_ID: '501' },
        MAIN,
      ),
    );
    expect(existsSync(path.join(actionDir, 'node_modules'))).toBe(false);
    expect(pushed.stdout).not.toMatch(/::error::|could not save/);
    expect(pushed.code).toBe(0);
    expect(fake.violations).toEqual([]);
    const saved = fake.entries.filter((e) => e.committed);
    expect(saved.map((e) => e.scope)).toEqual(['refs/heads/main']);
    expect(saved[0]?.key).toMatch(new RegExp(`^autoglm-baseline-v1/main/${mergeBase}/501-1-\\w+$`));

    git('checkout', '--quiet', 'feature/x');
    const pulled = await runAction(
      actionDir,
      workspace,
      job(
        'pull_request',
        { pull_request: { number: 7, base: { ref: 'main' }, head: { ref: 'feature/x', sha: head } } },
        {
          GITHUB_SHA: 'e'.repeat(40),
          GITHUB_REF_NAME: '7/merge',
          GITHUB_BASE_REF: 'main',
          GITHUB_HEAD_REF: 'feature/x',
          GITHUB_RUN_ID: '502',
        },
        PR(7),
      ),
    );
    expect(pulled.code).toBe(0);
    expect(fake.violations).toEqual([]);
    // The pull request saved nothing, and its report says what it compared against.
    expect(fake.entries.filter((e) => e.committed)).toHaveLength(1);
    const results = JSON.parse(readFileSync(path.join(workspace, 'demo', 'autoglm-results.json'), 'utf8'));
    expect(results.comparison.baseline).toMatchObject({
      store: 'cache',
      matched: 'merge-base',
      sha: mergeBase,
      runId: '501',
      location: expect.stringMatching(new RegExp(`^cache autoglm-baseline-v1/main/${mergeBase}/501-1-`)),
    });
    expect(readFileSync(path.join(root, 'summary.md'), 'utf8')).toContain(
      // The ref the merge-base came from is named (issue 14): this clone has no origin, so main.
      `Compared with the merge-base with \`main\`: commit \`${mergeBase.slice(0, 12)}\``,
    );
  });
});
