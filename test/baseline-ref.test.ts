import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runContext } from '../src/baseline/context.js';
import { FileStore } from '../src/baseline/file-store.js';
import { resolveBaseline } from '../src/baseline/store.js';
import { baselineLine, comparisonLines } from '../src/report/comparison.js';
import { model, results, suite } from './factories.js';
import { gitSh, tempDir } from './helpers.js';

const sh = gitSh;

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const commit = (clone: string, file: string, text: string) => {
  writeFileSync(path.join(clone, file), text);
  sh(clone, 'add', file);
  sh(clone, 'commit', '--quiet', '-m', file);
  return sh(clone, 'rev-parse', 'HEAD');
};

/** A bare origin and a clone whose main is pushed once, then 3 commits ahead of origin/main. */
function repo(): { clone: string; pushed: string; local: string } {
  const root = tempDir('autoglm-ref-');
  roots.push(root);
  const origin = path.join(root, 'origin.git');
  sh(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  const clone = path.join(root, 'clone');
  sh(root, 'clone', '--quiet', origin, clone);
  sh(clone, 'checkout', '--quiet', '-b', 'main');
  const baseline = { ...results([suite([model('m', { accuracy: 0.9 })])]), provenance: {} };
  writeFileSync(path.join(clone, 'autoglm-baseline.json'), JSON.stringify(baseline));
  sh(clone, 'add', '.');
  sh(clone, 'commit', '--quiet', '-m', 'baseline');
  sh(clone, 'push', '--quiet', 'origin', 'main');
  const pushed = sh(clone, 'rev-parse', 'HEAD');
  for (const i of [1, 2, 3]) commit(clone, `f${i}.txt`, `${i}\n`);
  const local = sh(clone, 'rev-parse', 'HEAD');
  sh(clone, 'checkout', '--quiet', '-b', 'feature/x');
  commit(clone, 'g.txt', 'g\n');
  return { clone, pushed, local };
}

describe('which baseline ref a local run used (issue 14, item 7)', () => {
  it('names the ref and how the local branch relates to it', async () => {
    const { clone, pushed } = repo();
    const ctx = await runContext(clone, { AUTOGLM_BASE_BRANCH: 'main' });
    expect(ctx.baseBranch).toBe('main');
    expect(ctx.mergeBaseSha).toBe(pushed);
    expect(ctx.baseRef).toEqual({ used: 'origin/main', relation: 'local main is 3 commits ahead' });
    const r = await resolveBaseline(new FileStore(clone), ctx);
    expect(r.baseline?.matched).toBe('merge-base');
    expect(r.baseline?.ref).toBe('origin/main');
    expect(r.baseline?.refRelation).toBe('local main is 3 commits ahead');
    const info = {
      notes: [],
      findings: [],
      outcome: 'no change' as const,
      baseline: {
        store: 'file',
        matched: 'merge-base' as const,
        location: r.baseline?.location ?? '',
        sha: pushed,
        ref: 'origin/main',
        refRelation: 'local main is 3 commits ahead',
        createdAt: '2026-01-01T00:00:00Z',
        ageHours: 2,
      },
    };
    expect(baselineLine(info)).toContain(
      'Compared with the merge-base with `origin/main` (local main is 3 commits ahead):',
    );
    expect(comparisonLines(info)[0]).toBe(
      `Baseline: ${pushed.slice(0, 12)} (run of the merge-base with origin/main; local main is 3 commits ahead; file store, 2.0 h old)`,
    );
  });

  it('defaults the base branch from origin/HEAD when nothing names it', async () => {
    const { clone, pushed } = repo();
    const unset = await runContext(clone, {});
    expect(unset.baseBranch).toBeUndefined(); // the clone of an empty repository has no origin/HEAD
    sh(clone, 'remote', 'set-head', 'origin', 'main');
    const ctx = await runContext(clone, {});
    expect(ctx.baseBranch).toBe('main');
    expect(ctx.mergeBaseSha).toBe(pushed);
    expect(ctx.baseRef?.used).toBe('origin/main');
  });

  it('a feature branch with no baseline in a file store is told how to make one, not "when merged"', async () => {
    const { clone } = repo();
    const ctx = await runContext(clone, { AUTOGLM_BASE_BRANCH: 'main' });
    const r = await resolveBaseline(new FileStore(clone, 'elsewhere.json'), ctx);
    expect(r.baseline).toBeUndefined();
    const text = r.notes.join('\n');
    expect(text).not.toContain('when merged');
    expect(text).toContain(
      'no baseline yet for main: the file store is never written by a run on its own; make one with `autoglm baseline save --to elsewhere.json` on main and commit it',
    );
  });
});
