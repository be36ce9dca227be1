import { UsageError } from '../errors.js';
import { type DiffFile, parseUnifiedDiff } from './diff.js';
import { git } from './git.js';

export type DiffOutcome =
  | { ok: true; base: string; mergeBase: string; head: string; files: DiffFile[] }
  | { ok: false; notice: string };

/** The base to diff against when none is given: the PR's base branch (GitHub) or MR diff base (GitLab). */
export function defaultBase(env: NodeJS.ProcessEnv): string | undefined {
  if (env.CI_MERGE_REQUEST_DIFF_BASE_SHA) return env.CI_MERGE_REQUEST_DIFF_BASE_SHA;
  if (env.GITHUB_BASE_REF) return `origin/${env.GITHUB_BASE_REF}`;
  return undefined;
}

function fetchHint(base: string, shallow: boolean): string {
  const what = shallow ? 'this clone is shallow and lacks' : 'this clone lacks';
  return `${what} the base commit ${base}: fetch it (actions/checkout with fetch-depth: 0, GitLab GIT_DEPTH: 0, or git fetch origin <base branch>) to get patch coverage; continuing without it`;
}

const COMMIT_ID = /^[0-9a-f]{7,64}$/i;

/**
 * A base that does not resolve to a commit. A commit id, a ref this clone has, or a branch of a
 * configured remote (`origin/main`) names something that exists upstream and was not fetched: a
 * notice with the fetch hint. Any other name is a typo: bad input (exit 2), not a shallow clone.
 */
async function missingBase(root: string, base: string, shallow: boolean): Promise<DiffOutcome> {
  // A commit id, or an ancestor of one (HEAD~3) past the edge of a shallow clone.
  if (COMMIT_ID.test(base) || (shallow && /[~^]/.test(base)))
    return { ok: false, notice: fetchHint(base, shallow) };
  const ref = await git(['rev-parse', '--verify', '--quiet', '--symbolic-full-name', base], root);
  if (ref.code === 0 && ref.stdout.trim() !== '') return { ok: false, notice: fetchHint(base, shallow) };
  const remotes = (await git(['remote'], root)).stdout.split('\n').filter(Boolean);
  const remote = remotes.find((r) => base.startsWith(`${r}/`));
  if (remote) return { ok: false, notice: fetchHint(base, shallow) };
  const known = remotes.length
    ? `; a branch of ${remotes.map((r) => `"${r}"`).join(', ')} is named like ${remotes[0]}/main`
    : '';
  throw new UsageError(
    `--base ${JSON.stringify(base)}: no branch, tag or commit of that name in ${root}` +
      ` (expected a ref such as main or origin/main, or a commit id${known})`,
    shallow
      ? `this clone is shallow: if ${base} is a branch of the remote, fetch it first (git fetch origin ${base}) and pass origin/${base}`
      : undefined,
  );
}

/**
 * Changed lines between the merge-base of `base` and HEAD, in `root` (paths relative to it).
 * Everything that makes this impossible (no git, a base commit not fetched, shallow clone) is a
 * notice: the rest of the coverage report still stands. A base name git does not know is bad input.
 */
export async function diffAgainstBase(root: string, base: string): Promise<DiffOutcome> {
  if (base.startsWith('-'))
    throw new UsageError(`--base ${JSON.stringify(base)}: expected a git ref or commit`);
  const inside = await git(['rev-parse', '--is-inside-work-tree'], root);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    return { ok: false, notice: `${root} is not a git work tree: patch coverage skipped` };
  }
  const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], root);
  if (head.code !== 0)
    return { ok: false, notice: 'the repository has no commit yet: patch coverage skipped' };
  const shallow = (await git(['rev-parse', '--is-shallow-repository'], root)).stdout.trim() === 'true';
  const baseSha = await git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], root);
  if (baseSha.code !== 0) return missingBase(root, base, shallow);
  const mb = await git(['merge-base', baseSha.stdout.trim(), head.stdout.trim()], root);
  if (mb.code !== 0) {
    return {
      ok: false,
      notice: shallow
        ? fetchHint(`${base} (the merge-base of ${base} and HEAD is outside the fetched history)`, true)
        : `${base} and HEAD have no common ancestor: patch coverage skipped`,
    };
  }
  const mergeBase = mb.stdout.trim();
  const diff = await git(
    [
      'diff',
      '--unified=0',
      '-M',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--relative',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      mergeBase,
      head.stdout.trim(),
      '--',
    ],
    root,
  );
  if (diff.code !== 0) {
    return {
      ok: false,
      notice: `git diff failed (${diff.stderr.trim().split('\n')[0]}): patch coverage skipped`,
    };
  }
  return { ok: true, base, mergeBase, head: head.stdout.trim(), files: parseUnifiedDiff(diff.stdout) };
}
