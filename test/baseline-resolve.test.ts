import { describe, expect, it } from 'vitest';
import type { RunContext } from '../src/baseline/context.js';
import {
  type BaselineStore,
  type BaselineWant,
  candidates,
  parseStored,
  resolveBaseline,
  type StoredDoc,
} from '../src/baseline/store.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

/** Which baseline applies, what the report says about it: resolveBaseline over an in-memory store. */

const ctx = (over: Partial<RunContext>): RunContext => ({
  platform: 'github',
  event: 'pull_request',
  canSave: false,
  notes: [],
  ...over,
});

const text = (over: Partial<Results> = {}) =>
  JSON.stringify({ ...results([suite([model('m', { accuracy: 0.9 })])]), ...over });

/** A store holding documents by the want's key (`sha:abc`, `branch:main`, `local`). */
function memoryStore(
  docs: Record<string, StoredDoc | Error>,
  extra: Partial<BaselineStore> & { name?: string } = {},
): BaselineStore & { asked: string[] } {
  const asked: string[] = [];
  const keyOf = (w: BaselineWant) =>
    w.kind === 'sha' ? `sha:${w.sha}` : w.kind === 'branch' ? `branch:${w.branch}` : 'local';
  return {
    name: 'memory',
    asked,
    async find(want) {
      asked.push(keyOf(want));
      const found = docs[keyOf(want)];
      if (found instanceof Error) throw found;
      return found;
    },
    async save() {
      return 'nowhere';
    },
    ...extra,
  };
}

describe('parseStored: what is wrong with a stored baseline', () => {
  it('names the location and the JSON error', () => {
    expect(parseStored({ text: '{"a":', location: 'x.json' }).warning).toMatch(
      /^ignored the baseline at x\.json: not valid JSON \(.+\)$/,
    );
  });

  it('names the schemaVersion it found, and the one it reads', () => {
    expect(parseStored({ text: '{"schemaVersion": 2}', location: 'x.json' })).toEqual({
      warning: 'ignored the baseline at x.json: schemaVersion 2 is not one this version reads (1)',
    });
    expect(parseStored({ text: '{}', location: 'x.json' }).warning).toBe(
      'ignored the baseline at x.json: schemaVersion undefined is not one this version reads (1)',
    );
    // `null` is valid JSON with no fields at all: a warning, not a crash.
    expect(parseStored({ text: 'null', location: 'x.json' }).warning).toBe(
      'ignored the baseline at x.json: schemaVersion undefined is not one this version reads (1)',
    );
  });

  it('names the first invalid field by its dotted path', () => {
    const doc = JSON.parse(text());
    doc.suites[0].models[0].name = 7;
    const { results: parsed, warning } = parseStored({ text: JSON.stringify(doc), location: 'x.json' });
    expect(parsed).toBeUndefined();
    expect(warning).toMatch(/^ignored the baseline at x\.json: invalid at suites\.0\.models\.0\.name: \S/);
    expect(warning).not.toContain('undefined');
  });

  it('returns the results of a valid document', () => {
    expect(parseStored({ text: text(), location: 'x.json' })).toEqual({ results: JSON.parse(text()) });
  });
});

describe('candidates: which stored results to try, best first', () => {
  it('a pull request: its merge-base, then its base branch; never its own branch', () => {
    expect(candidates(ctx({ mergeBaseSha: 'abc', baseBranch: 'main', branch: 'feature' }))).toEqual([
      { want: { kind: 'sha', sha: 'abc' }, matched: 'merge-base' },
      { want: { kind: 'branch', branch: 'main' }, matched: 'base-branch' },
    ]);
    expect(candidates(ctx({ branch: 'feature' }))).toEqual([]);
  });

  it('a push: the base branch, else the branch itself, else the store as is', () => {
    expect(candidates(ctx({ event: 'push', baseBranch: 'main', branch: 'dev' }))).toEqual([
      { want: { kind: 'branch', branch: 'main' }, matched: 'base-branch' },
    ]);
    expect(candidates(ctx({ event: 'push', branch: 'dev' }))).toEqual([
      { want: { kind: 'branch', branch: 'dev' }, matched: 'base-branch' },
    ]);
    expect(candidates(ctx({ event: 'other' }))).toEqual([{ want: { kind: 'local' }, matched: 'file' }]);
  });
});

describe('resolveBaseline', () => {
  const NOW = Date.parse('2026-01-01T03:00:00.000Z');

  it('a merge-base match carries the ref it came from; commit and branch fall back to what was asked', async () => {
    const store = memoryStore({
      'sha:abc': { text: text({ provenance: {} }), location: 'mem:abc', runId: '41' },
    });
    const r = await resolveBaseline(
      store,
      ctx({
        mergeBaseSha: 'abc',
        baseBranch: 'main',
        notes: ['from the context'],
        baseRef: { used: 'origin/main', relation: 'local main is 1 commit behind' },
      }),
      NOW,
    );
    expect(r).toEqual({
      baseline: {
        results: JSON.parse(text({ provenance: {} })),
        store: 'memory',
        matched: 'merge-base',
        location: 'mem:abc',
        sha: 'abc',
        branch: undefined,
        ref: 'origin/main',
        refRelation: 'local main is 1 commit behind',
        runId: '41',
        createdAt: '2026-01-01T00:00:00.000Z',
        ageHours: 3,
      },
      notes: ['from the context'],
    });
    expect(store.asked).toEqual(['sha:abc']);
  });

  it('a base-branch match names the branch asked for, the run id of the results, and no ref', async () => {
    const store = memoryStore({
      'branch:main': { text: text({ provenance: { runId: '77' } }), location: 'mem:main' },
    });
    const r = await resolveBaseline(
      store,
      ctx({ mergeBaseSha: 'abc', baseBranch: 'main', baseRef: { used: 'origin/main' } }),
      NOW,
    );
    expect(r.baseline).toMatchObject({ matched: 'base-branch', branch: 'main', sha: undefined, runId: '77' });
    expect(r.baseline).not.toHaveProperty('ref');
    expect(r.baseline).not.toHaveProperty('refRelation');
    expect(store.asked).toEqual(['sha:abc', 'branch:main']);
  });

  it('the provenance of the stored results wins over what was asked', async () => {
    const store = memoryStore({
      'sha:abc': {
        text: text({ provenance: { sha: 'def', ref: 'release', runId: '5' } }),
        location: 'mem',
        runId: '6',
      },
    });
    const r = await resolveBaseline(store, ctx({ mergeBaseSha: 'abc', baseRef: { used: 'main' } }), NOW);
    expect(r.baseline).toMatchObject({ sha: 'def', branch: 'release', runId: '6', ref: 'main' });
    expect(r.baseline).not.toHaveProperty('refRelation');
  });

  it('a results document from the future is 0 hours old, not negative', async () => {
    const store = memoryStore({ 'branch:main': { text: text(), location: 'mem' } });
    const r = await resolveBaseline(store, ctx({ baseBranch: 'main' }), Date.parse('2025-12-31T00:00:00Z'));
    expect(r.baseline?.ageHours).toBe(0);
  });

  it('a file store matched on the branch with no commit recorded is the fixed file', async () => {
    const doc = { 'branch:main': { text: text({ provenance: {} }), location: 'f.json' } };
    const file = memoryStore(doc, { name: 'file' });
    expect((await resolveBaseline(file, ctx({ baseBranch: 'main' }), NOW)).baseline?.matched).toBe('file');
    // With a commit recorded, or in any other store, it is the base branch's baseline.
    const withSha = memoryStore(
      { 'branch:main': { text: text({ provenance: { sha: 'abc' } }), location: 'f.json' } },
      { name: 'file' },
    );
    expect((await resolveBaseline(withSha, ctx({ baseBranch: 'main' }), NOW)).baseline?.matched).toBe(
      'base-branch',
    );
    expect(
      (await resolveBaseline(memoryStore(doc), ctx({ baseBranch: 'main' }), NOW)).baseline?.matched,
    ).toBe('base-branch');
    const atSha = memoryStore(
      { 'sha:abc': { text: text({ provenance: {} }), location: 'f.json' } },
      { name: 'file' },
    );
    expect((await resolveBaseline(atSha, ctx({ mergeBaseSha: 'abc' }), NOW)).baseline?.matched).toBe(
      'merge-base',
    );
  });

  it('a store that fails, or holds a corrupt document, is a notice; the next candidate is tried', async () => {
    const store = memoryStore({
      'sha:abc': new Error('connection refused'),
      'branch:main': { text: '{', location: 'mem:main' },
    });
    const r = await resolveBaseline(store, ctx({ mergeBaseSha: 'abc', baseBranch: 'main' }), NOW);
    expect(r.baseline).toBeUndefined();
    expect(r.notes).toEqual([
      'could not read the memory baseline store: connection refused',
      expect.stringMatching(/^ignored the baseline at mem:main: not valid JSON/),
      'no baseline yet for main; this run will become one when merged',
    ]);
  });

  it('no baseline: says how to make one, or that the base branch is unknown', async () => {
    const none = memoryStore({});
    expect(
      (await resolveBaseline(none, ctx({ platform: 'gitlab', event: 'push', branch: 'dev' }))).notes,
    ).toEqual(['no baseline yet for dev; this run will become one when merged']);
    expect(
      (await resolveBaseline(none, ctx({ platform: 'local', event: 'other', branch: 'dev' }))).notes,
    ).toEqual([
      'no baseline yet for dev: a local run never saves one; make one with `autoglm baseline save --store memory` on dev',
    ]);
    // A store that is never written on its own says so first, on any platform.
    const fixed = memoryStore({}, { howToSave: (b) => `commit one on ${b}` });
    expect((await resolveBaseline(fixed, ctx({ platform: 'local', baseBranch: 'main' }))).notes).toEqual([
      'no baseline yet for main: commit one on main',
    ]);
    expect((await resolveBaseline(none, ctx({ platform: 'local', branch: 'feature' }))).notes).toEqual([
      'no baseline: the base branch is unknown here (set baseline.base_branch, or run in a pull request)',
    ]);
  });
});
