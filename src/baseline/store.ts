import { type Results, ResultsSchema, SCHEMA_VERSION } from '../results/schema.js';
import type { RunContext } from './context.js';

/** Which stored results a store should look for. */
export type BaselineWant =
  | { kind: 'sha'; sha: string }
  | { kind: 'branch'; branch: string }
  /** No commit or branch is known (not a git checkout): whatever the store holds as is. */
  | { kind: 'local' };

/** A stored results document as found, before validation. */
export interface StoredDoc {
  text: string;
  /** Human description of where it was found: `autoglm-data:by-sha/abc.json`, `git show abc:base.json`. */
  location: string;
  runId?: string;
}

/**
 * A place baselines live. Implementations: file (committed in the repo), branch (orphan data
 * branch), artifact (a previous workflow run's artifact). Adding one touches nothing else.
 */
export interface BaselineStore {
  readonly name: string;
  find(want: BaselineWant, ctx: RunContext): Promise<StoredDoc | undefined>;
  /** Store this run as the baseline of `ctx.branch` (and of `ctx.sha`). Returns where it went. */
  save(results: Results, ctx: RunContext): Promise<string>;
  /** Past results of a branch, oldest first (stores that keep history). */
  history?(branch: string, limit: number, ctx: RunContext): Promise<Results[]>;
  /** For stores no run ever writes on its own: how to make a baseline of `branch`. */
  howToSave?(branch: string): string;
}

export interface ResolvedBaseline {
  results: Results;
  store: string;
  /** How it matched: the PR's merge-base commit, the base branch's latest, or a fixed file. */
  matched: 'merge-base' | 'base-branch' | 'file';
  location: string;
  sha?: string;
  branch?: string;
  /** The git ref the merge-base came from, and how the local branch relates to it. */
  ref?: string;
  refRelation?: string;
  runId?: string;
  createdAt: string;
  ageHours: number;
}

export interface Resolution {
  baseline?: ResolvedBaseline;
  /** Notices for the report: what was tried, why a candidate was ignored, what happens next. */
  notes: string[];
}

/** Parse and validate a stored document; an unknown schemaVersion or invalid shape is a warning. */
export function parseStored(doc: StoredDoc): { results?: Results; warning?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(doc.text);
  } catch (e) {
    return { warning: `ignored the baseline at ${doc.location}: not valid JSON (${(e as Error).message})` };
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    return {
      warning: `ignored the baseline at ${doc.location}: schemaVersion ${JSON.stringify(version)} is not one this version reads (${SCHEMA_VERSION})`,
    };
  }
  const parsed = ResultsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      warning: `ignored the baseline at ${doc.location}: invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    };
  }
  return { results: parsed.data };
}

/** The candidates to try, best first: on a PR the merge-base, then the base branch's latest. */
export function candidates(
  ctx: RunContext,
): Array<{ want: BaselineWant; matched: ResolvedBaseline['matched'] }> {
  const out: Array<{ want: BaselineWant; matched: ResolvedBaseline['matched'] }> = [];
  if (ctx.mergeBaseSha) out.push({ want: { kind: 'sha', sha: ctx.mergeBaseSha }, matched: 'merge-base' });
  const branch = ctx.event === 'pull_request' ? ctx.baseBranch : (ctx.baseBranch ?? ctx.branch);
  if (branch) out.push({ want: { kind: 'branch', branch }, matched: 'base-branch' });
  if (out.length === 0 && ctx.event !== 'pull_request')
    out.push({ want: { kind: 'local' }, matched: 'file' });
  return out;
}

/**
 * Find the baseline for this run: merge-base SHA, then the base branch tip, then nothing. No
 * baseline is a notice, never a failure; a corrupt one is skipped with a warning.
 */
export async function resolveBaseline(
  store: BaselineStore,
  ctx: RunContext,
  now = Date.now(),
): Promise<Resolution> {
  const notes: string[] = [...ctx.notes];
  for (const { want, matched } of candidates(ctx)) {
    let doc: StoredDoc | undefined;
    try {
      doc = await store.find(want, ctx);
    } catch (e) {
      notes.push(`could not read the ${store.name} baseline store: ${(e as Error).message}`);
      continue;
    }
    if (!doc) continue;
    const { results, warning } = parseStored(doc);
    if (!results) {
      notes.push(warning as string);
      continue;
    }
    const createdAt = results.createdAt;
    return {
      baseline: {
        results,
        store: store.name,
        matched:
          store.name === 'file' && matched === 'base-branch' && !results.provenance.sha ? 'file' : matched,
        location: doc.location,
        sha: results.provenance.sha ?? (want.kind === 'sha' ? want.sha : undefined),
        branch: results.provenance.ref ?? (want.kind === 'branch' ? want.branch : undefined),
        ...(matched === 'merge-base' && ctx.baseRef
          ? {
              ref: ctx.baseRef.used,
              ...(ctx.baseRef.relation ? { refRelation: ctx.baseRef.relation } : {}),
            }
          : {}),
        runId: doc.runId ?? results.provenance.runId,
        createdAt,
        ageHours: Math.max(0, (now - Date.parse(createdAt)) / 3_600_000),
      },
      notes,
    };
  }
  const base = ctx.event === 'pull_request' ? ctx.baseBranch : (ctx.baseBranch ?? ctx.branch);
  // Only CI pushes save on their own, and never to a store like `file`: say how to make one.
  const how = base
    ? (store.howToSave?.(base) ??
      (ctx.platform === 'local'
        ? `a local run never saves one; make one with \`autoglm baseline save --store ${store.name}\` on ${base}`
        : undefined))
    : undefined;
  notes.push(
    base
      ? how
        ? `no baseline yet for ${base}: ${how}`
        : `no baseline yet for ${base}; this run will become one when merged`
      : 'no baseline: the base branch is unknown here (set baseline.base_branch, or run in a pull request)',
  );
  return { notes };
}
