import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BranchStore } from '../src/baseline/branch-store.js';
import type { RunContext } from '../src/baseline/context.js';
import { UsageError } from '../src/errors.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { gitSh, tempDir } from './helpers.js';

/** The branch store's files, commits and failures, against real repositories. */

const sh = gitSh;

/** A bare remote (named `remote`) and a clone with one commit pushed. */
function repo(remote = 'origin'): { root: string; bare: string; clone: string } {
  const root = tempDir('autoglm-branch-');
  const bare = path.join(root, 'bare.git');
  sh(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  const clone = path.join(root, 'clone');
  sh(root, 'clone', '--quiet', '--origin', remote, bare, clone);
  writeFileSync(path.join(clone, 'README.md'), 'x\n');
  sh(clone, 'add', '.');
  sh(clone, 'commit', '--quiet', '-m', 'init');
  sh(clone, 'push', '--quiet', remote, 'HEAD:main');
  return { root, bare, clone };
}

function doc(
  accuracy: number,
  provenance: Results['provenance'],
  createdAt = '2026-11-01T10:20:30.456Z',
): Results {
  return { ...results([suite([model('m', { accuracy })])]), createdAt, provenance };
}

const ctx = (over: Partial<RunContext> = {}): RunContext => ({
  platform: 'github',
  event: 'push',
  canSave: true,
  notes: [],
  ...over,
});

const ls = (dir: string, ref: string, folder: string) =>
  sh(dir, 'ls-tree', '-r', '--name-only', ref, folder).split('\n').filter(Boolean);

describe('branch store', () => {
  it('writes latest, by-commit and history files on the named data branch and remote', async () => {
    const { clone, bare } = repo('upstream');
    const store = new BranchStore(clone, { branch: 'evals', remote: 'upstream' });
    const sha = 'a'.repeat(40);
    expect(await store.save(doc(0.9, {}), ctx({ branch: 'feature/x', sha, runId: '55' }))).toBe(
      'evals:latest/feature%2Fx.json (history 1 of 100)',
    );
    expect(ls(bare, 'evals', '.')).toEqual([
      `history/feature%2Fx/2026-11-01T10-20-30-456Z-${'a'.repeat(12)}.json`,
      'latest/feature%2Fx.json',
      `sha/${sha}.json`,
    ]);
    expect(sh(bare, 'log', '-1', '--format=%s|%an|%ae', 'evals')).toBe(
      `autoglm: results of feature/x at ${'a'.repeat(12)} (run 55)|autoglm|autoglm@users.noreply.github.com`,
    );
    // The stored text is the document as JSON, one trailing newline.
    expect(sh(bare, 'show', 'evals:latest/feature%2Fx.json')).toBe(JSON.stringify(doc(0.9, {}), null, 2));
    const found = await new BranchStore(clone, { branch: 'evals', remote: 'upstream' }).find(
      { kind: 'sha', sha },
      ctx(),
    );
    expect(found?.location).toBe(`evals:sha/${sha}.json`);
    expect(JSON.parse(found?.text ?? '').suites[0].models[0].metrics.accuracy).toBe(0.9);
    expect(await store.find({ kind: 'local' }, ctx())).toBeUndefined();
    // No run stored for that commit or branch: nothing, not an empty document.
    const reader = new BranchStore(clone, { branch: 'evals', remote: 'upstream' });
    expect(await reader.find({ kind: 'sha', sha: 'f'.repeat(40) }, ctx())).toBeUndefined();
    expect(await reader.find({ kind: 'branch', branch: 'main' }, ctx())).toBeUndefined();
  });

  it('names a run by the commit of its results, else unknown; without a run id the message says none', async () => {
    const { clone, bare } = repo();
    const store = new BranchStore(clone);
    await store.save(doc(0.8, { sha: 'b'.repeat(40) }), ctx({ branch: 'main' }));
    expect(sh(bare, 'log', '-1', '--format=%s', 'autoglm-data')).toBe(
      `autoglm: results of main at ${'b'.repeat(12)}`,
    );
    expect(await store.save(doc(0.7, {}, '2026-11-02T00:00:00.000Z'), ctx({ branch: 'main' }))).toBe(
      'autoglm-data:latest/main.json (history 2 of 100)',
    );
    expect(ls(bare, 'autoglm-data', 'sha')).toEqual([`sha/${'b'.repeat(40)}.json`, 'sha/unknown.json']);
    await expect(store.save(doc(0.7, {}), ctx({ branch: undefined }))).rejects.toThrow(
      'cannot save a baseline: the branch of this run is unknown',
    );
  });

  it('history: the newest `limit` runs of one branch, oldest first, corrupt ones skipped', async () => {
    const { clone } = repo();
    const store = new BranchStore(clone);
    expect(await store.history('main', 10, ctx())).toEqual([]);
    for (const [i, acc] of [0.1, 0.2, 0.3].entries()) {
      await store.save(
        doc(acc, { sha: `${i + 1}`.repeat(40) }, `2026-11-0${i + 1}T00:00:00.000Z`),
        ctx({ branch: 'main' }),
      );
    }
    await store.save(doc(0.5, { sha: '9'.repeat(40) }), ctx({ branch: 'dev' }));
    const accuracies = async (limit: number) =>
      (await new BranchStore(clone).history('main', limit, ctx())).map(
        (r) => r.suites[0]?.models[0]?.metrics.accuracy,
      );
    expect(await accuracies(10)).toEqual([0.1, 0.2, 0.3]);
    expect(await accuracies(2)).toEqual([0.2, 0.3]);
    expect(await new BranchStore(clone).history('release', 10, ctx())).toEqual([]);
    // A document of another schema in the history is left out.
    await store.save(
      {
        ...doc(0.4, { sha: '4'.repeat(40) }, '2026-11-04T00:00:00.000Z'),
        schemaVersion: 9,
      } as unknown as Results,
      ctx({ branch: 'main' }),
    );
    expect(await accuracies(10)).toEqual([0.1, 0.2, 0.3]);
  });

  it('the store that saved the first run finds it and lists it (no stale "no data branch")', async () => {
    const { clone } = repo();
    const store = new BranchStore(clone);
    expect(await store.history('main', 10, ctx())).toEqual([]);
    await store.save(doc(0.7, { sha: '7'.repeat(40) }), ctx({ branch: 'main', sha: '7'.repeat(40) }));
    const found = await store.find({ kind: 'branch', branch: 'main' }, ctx());
    expect(JSON.parse(found?.text ?? '{}').suites[0].models[0].metrics.accuracy).toBe(0.7);
    expect((await store.history('main', 10, ctx())).length).toBe(1);
  });

  it('prunes the oldest runs beyond `history`, and their by-commit copies, but not a kept commit', async () => {
    const { clone, bare } = repo();
    const store = new BranchStore(clone, { history: 2 });
    const save = (c: string, day: number) =>
      store.save(doc(0.5, {}, `2026-11-0${day}T00:00:00.000Z`), ctx({ branch: 'main', sha: c.repeat(40) }));
    await save('a', 1);
    await save('b', 2);
    expect(await save('c', 3)).toBe('autoglm-data:latest/main.json (history 2 of 2)');
    expect(ls(bare, 'autoglm-data', 'sha')).toEqual([
      `sha/${'b'.repeat(40)}.json`,
      `sha/${'c'.repeat(40)}.json`,
    ]);
    // Saving commit c again drops the run of b, and keeps c's by-commit copy.
    await save('c', 4);
    expect(ls(bare, 'autoglm-data', 'sha')).toEqual([`sha/${'c'.repeat(40)}.json`]);
    expect(ls(bare, 'autoglm-data', 'history')).toEqual([
      `history/main/2026-11-03T00-00-00-000Z-${'c'.repeat(12)}.json`,
      `history/main/2026-11-04T00-00-00-000Z-${'c'.repeat(12)}.json`,
    ]);
    // Dropping an older run of the commit being saved keeps its by-commit copy.
    await save('c', 5);
    expect(ls(bare, 'autoglm-data', 'sha')).toEqual([`sha/${'c'.repeat(40)}.json`]);
  });

  it('a missing remote is a usage error with the ways out; other git failures are git’s own words', async () => {
    const dir = tempDir('autoglm-noremote-');
    sh(dir, 'init', '--quiet');
    const err = await new BranchStore(dir).find({ kind: 'branch', branch: 'main' }, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(
      `the branch store keeps baselines on the "autoglm-data" branch of a git remote, and ${dir} has no git remote named "origin": add one (git remote add origin <url>), or save the baseline as a file (autoglm baseline save --to PATH, or baseline.store: file)`,
    );
    // The remote exists but cannot be read.
    sh(dir, 'remote', 'add', 'origin', path.join(dir, 'gone.git'));
    const gone = await new BranchStore(dir).history('main', 5, ctx()).catch((e) => e);
    expect(gone).not.toBeInstanceOf(UsageError);
    expect(gone.message).toMatch(/^cannot fetch autoglm-data from origin: .*gone\.git/);
  });

  it('a push that fails for another reason than a race is not retried; a race that never ends gives up', async () => {
    const { clone, bare } = repo();
    sh(clone, 'remote', 'set-url', '--push', 'origin', path.join(clone, 'nowhere.git'));
    await expect(
      new BranchStore(clone).save(doc(0.5, {}), ctx({ branch: 'main', sha: 'a'.repeat(40) })),
    ).rejects.toThrow(/^cannot push autoglm-data to origin: .*nowhere\.git/);
    sh(clone, 'remote', 'set-url', '--push', 'origin', bare);
    // A server that declines every push looks like a lost race: retried, then given up.
    writeFileSync(path.join(bare, 'hooks', 'pre-receive'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    await expect(
      new BranchStore(clone, { retries: 2 }).save(doc(0.5, {}), ctx({ branch: 'main', sha: 'a'.repeat(40) })),
    ).rejects.toThrow('cannot push autoglm-data: still rejected after 2 attempts');
  });
});
