import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BranchStore } from '../src/baseline/branch-store.js';
import type { RunContext } from '../src/baseline/context.js';
import { runContext } from '../src/baseline/context.js';
import { FileStore } from '../src/baseline/file-store.js';
import { resolveBaseline } from '../src/baseline/store.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { gitSh, tempDir } from './helpers.js';

const sh = gitSh;

/** A bare origin plus a clone with one commit on main. */
function repo(): { origin: string; clone: string; root: string } {
  const root = tempDir('autoglm-git-');
  const origin = path.join(root, 'origin.git');
  sh(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  const clone = path.join(root, 'clone');
  sh(root, 'clone', '--quiet', origin, clone);
  writeFileSync(path.join(clone, 'README.md'), 'x\n');
  sh(clone, 'add', '.');
  sh(clone, 'commit', '--quiet', '-m', 'init');
  sh(clone, 'push', '--quiet', 'origin', 'HEAD:main');
  return { origin, clone, root };
}

function doc(sha: string, accuracy: number, createdAt = '2026-11-01T00:00:00.000Z'): Results {
  return { ...results([suite([model('m', { accuracy })])]), createdAt, provenance: { sha, ref: 'main' } };
}

const ctx = (over: Partial<RunContext>): RunContext => ({
  platform: 'local',
  event: 'push',
  canSave: true,
  notes: [],
  ...over,
});

describe('branch store (orphan data branch, real git)', () => {
  it('saves per branch and per SHA, resolves the merge-base first, then the base tip', async () => {
    const { clone } = repo();
    const store = new BranchStore(clone);
    await store.save(doc('a'.repeat(40), 0.9), ctx({ branch: 'main', sha: 'a'.repeat(40) }));
    await store.save(
      doc('b'.repeat(40), 0.8, '2026-11-02T00:00:00.000Z'),
      ctx({ branch: 'main', sha: 'b'.repeat(40) }),
    );
    // The data branch is an orphan: it shares no history with main.
    expect(sh(clone, 'ls-remote', 'origin', 'refs/heads/autoglm-data')).toMatch(/refs\/heads\/autoglm-data/);
    const reader = new BranchStore(clone);
    const pr = ctx({
      event: 'pull_request',
      branch: 'feature/x',
      baseBranch: 'main',
      mergeBaseSha: 'a'.repeat(40),
    });
    const atBase = await resolveBaseline(reader, pr, Date.parse('2026-11-01T12:00:00.000Z'));
    expect(atBase.baseline?.matched).toBe('merge-base');
    expect(atBase.baseline?.sha).toBe('a'.repeat(40));
    expect(atBase.baseline?.results.suites[0]?.models[0]?.metrics.accuracy).toBe(0.9);
    expect(atBase.baseline?.ageHours).toBe(12);
    expect(atBase.baseline?.location).toBe(`autoglm-data:sha/${'a'.repeat(40)}.json`);
    // A merge-base with no stored run falls back to the base branch's latest.
    const tip = await resolveBaseline(reader, { ...pr, mergeBaseSha: 'c'.repeat(40) });
    expect(tip.baseline?.matched).toBe('base-branch');
    expect(tip.baseline?.sha).toBe('b'.repeat(40));
    expect((await reader.history('main', 10, pr)).map((r) => r.provenance.sha)).toEqual([
      'a'.repeat(40),
      'b'.repeat(40),
    ]);
  });

  it('keeps a bounded history', async () => {
    const { clone } = repo();
    const store = new BranchStore(clone, { history: 3 });
    for (let i = 0; i < 5; i++) {
      const sha = `${i}`.repeat(40);
      await store.save(
        doc(sha, 0.5 + i / 10, `2026-11-0${i + 1}T00:00:00.000Z`),
        ctx({ branch: 'main', sha }),
      );
    }
    const shas = (await store.history('main', 100, ctx({}))).map((r) => r.provenance.sha?.[0]);
    expect(shas).toEqual(['2', '3', '4']);
    // By-SHA copies of pruned runs go too; kept ones stay.
    expect(sh(clone, 'ls-tree', '--name-only', 'refs/autoglm/autoglm-data', 'sha/').split('\n')).toHaveLength(
      3,
    );
  });

  it('loses no run when two jobs save at the same time (push race)', async () => {
    const { origin, root } = repo();
    const clones = [1, 2, 3].map((i) => {
      const dir = path.join(root, `job${i}`);
      sh(root, 'clone', '--quiet', origin, dir);
      return dir;
    });
    await Promise.all(
      clones.map((dir, i) => {
        const sha = `${i + 1}`.repeat(40);
        return new BranchStore(dir).save(
          doc(sha, 0.7, `2026-11-1${i}T00:00:00.000Z`),
          ctx({ branch: 'main', sha }),
        );
      }),
    );
    const saved = await new BranchStore(clones[0] as string).history('main', 100, ctx({}));
    expect(saved.map((r) => r.provenance.sha?.[0]).sort()).toEqual(['1', '2', '3']);
  });

  it('no data branch yet: a notice naming the base branch, not a failure', async () => {
    const { clone } = repo();
    const r = await resolveBaseline(
      new BranchStore(clone),
      ctx({ platform: 'github', event: 'pull_request', baseBranch: 'main' }),
    );
    expect(r.baseline).toBeUndefined();
    expect(r.notes).toContain('no baseline yet for main; this run will become one when merged');
    // A local run never saves a baseline on its own: it says how to make one (issue 14).
    const local = await resolveBaseline(new BranchStore(clone), ctx({ baseBranch: 'main', event: 'other' }));
    expect(local.notes).toContain(
      'no baseline yet for main: a local run never saves one; make one with `autoglm baseline save --store branch` on main',
    );
  });

  it('a corrupt or unknown-version baseline is skipped with a warning', async () => {
    const { clone } = repo();
    const store = new BranchStore(clone);
    await store.save(doc('a'.repeat(40), 0.9), ctx({ branch: 'main', sha: 'a'.repeat(40) }));
    const bad = { ...doc('d'.repeat(40), 0.9), schemaVersion: 99 } as unknown as Results;
    await store.save(bad, ctx({ branch: 'main', sha: 'd'.repeat(40) }));
    const r = await resolveBaseline(
      new BranchStore(clone),
      ctx({ event: 'pull_request', baseBranch: 'main', mergeBaseSha: 'd'.repeat(40) }),
    );
    expect(r.notes.join('\n')).toMatch(
      /ignored the baseline at autoglm-data:sha\/d+\.json: schemaVersion 99/,
    );
    // The base branch's latest is the same corrupt document, so nothing is used.
    expect(r.baseline).toBeUndefined();
  });
});

describe('file store', () => {
  it('reads the committed file as it was at the merge-base, not as the PR changed it', async () => {
    const { clone } = repo();
    const store = new FileStore(clone, 'baseline/results.json');
    mkdirSync(path.join(clone, 'baseline'));
    await store.save(doc('a'.repeat(40), 0.9), ctx({}));
    sh(clone, 'add', '.');
    sh(clone, 'commit', '--quiet', '-m', 'baseline');
    const base = sh(clone, 'rev-parse', 'HEAD');
    sh(clone, 'push', '--quiet', 'origin', 'HEAD:main');
    sh(clone, 'checkout', '--quiet', '-b', 'feature');
    await store.save(doc('e'.repeat(40), 0.1), ctx({}));
    sh(clone, 'commit', '--quiet', '-am', 'PR edits the baseline');
    const pr = await runContext(clone, { AUTOGLM_BASE_BRANCH: 'main' });
    expect(pr.mergeBaseSha).toBe(base);
    const r = await resolveBaseline(store, { ...pr, event: 'pull_request' });
    expect(r.baseline?.matched).toBe('merge-base');
    expect(r.baseline?.results.suites[0]?.models[0]?.metrics.accuracy).toBe(0.9);
    expect(r.baseline?.location).toBe(`baseline/results.json at ${base}`);
  });

  it('outside git, reads the file from disk', async () => {
    const dir = tempDir();
    const store = new FileStore(dir);
    await store.save(doc('a'.repeat(40), 0.9), ctx({}));
    const r = await resolveBaseline(store, ctx({ event: 'other', branch: 'main' }));
    expect(r.baseline?.location).toBe('autoglm-baseline.json');
  });
});

describe('refs from CI variables', () => {
  it('a branch name that looks like a git option is never passed to git', async () => {
    const { safeRef, resolveCommit, showFile } = await import('../src/baseline/git.js');
    expect(safeRef('--output=/tmp/x')).toBe(false);
    expect(safeRef('feature/x')).toBe(true);
    const { clone } = repo();
    expect(await resolveCommit(clone, '--all')).toBeUndefined();
    // Handed to `git show`, `--output=pwned` would write a file named `pwned:autoglm-baseline.json`
    // into the repository: the ref is relative so that the file would land where the test looks.
    const r = await resolveBaseline(
      new FileStore(clone),
      ctx({ event: 'pull_request', baseBranch: '--output=pwned' }),
    );
    expect(r.baseline).toBeUndefined();
    expect(await showFile(clone, '--output=pwned', 'README.md')).toBeUndefined();
    expect(readdirSync(clone).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });
});
