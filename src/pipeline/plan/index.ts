import path from 'node:path';
import { git, mergeBase, resolveCommit } from '../../baseline/git.js';
import type { LoadedConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { type PlanSuite, planRun, type RunPlan, type Trigger } from './select.js';

export { type PlanSuite, planRun, type RunPlan, type Trigger } from './select.js';

const rel = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

/** Each suite's globs and dependencies, as paths relative to the repository root. */
export function planSuitesOf(
  loaded: Pick<LoadedConfig, 'config' | 'dir' | 'file'>,
  root: string,
): PlanSuite[] {
  const { config } = loaded;
  const configFile = rel(root, path.resolve(loaded.dir, path.basename(loaded.file)));
  const modelFiles = (names: readonly string[] | undefined, caps: readonly string[] | undefined) =>
    config.models
      .filter((m) =>
        names ? names.includes(m.name) : caps ? caps.every((c) => m.capabilities.includes(c)) : true,
      )
      .flatMap((m) => [m.path ?? m.model, m.baseline_model, m.tokenizer].filter((p): p is string => !!p))
      .map((p) => rel(root, path.resolve(loaded.dir, p)));
  return config.suites.map((s) => {
    const d = s.dataset;
    const data = typeof d === 'string' ? d : d && 'path' in d ? d.path : s.cases;
    return {
      name: s.name,
      ...(s.paths ? { paths: s.paths } : {}),
      deps: [
        configFile,
        ...modelFiles(s.models, s.capabilities),
        // The model that scores `similar` is part of what an LLM suite depends on.
        ...(s.embedding_model ? modelFiles([s.embedding_model], undefined) : []),
        ...(data ? [rel(root, path.resolve(loaded.dir, data))] : []),
      ],
    };
  });
}

/** Scheduled pipelines on either platform. */
export function isScheduled(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_EVENT_NAME === 'schedule' || env.CI_PIPELINE_SOURCE === 'schedule';
}

/** Files changed between the merge-base with the base branch and HEAD (`git diff --name-only`). */
async function changedSinceBase(root: string, baseBranch: string): Promise<string[] | undefined> {
  for (const ref of [`origin/${baseBranch}`, baseBranch]) {
    if (!(await resolveCommit(root, ref))) continue;
    const base = await mergeBase(root, ref, 'HEAD');
    if (!base) continue;
    const r = await git(root, ['diff', '--name-only', '-z', base, 'HEAD']);
    if (r.code === 0) return r.stdout.split('\0').filter(Boolean);
  }
  return undefined;
}

/** What triggered this run, from the CI environment (and git for the changed files). */
export async function triggerFromEnv(
  root: string,
  env: NodeJS.ProcessEnv,
  config: Config,
  changedFiles?: readonly string[],
): Promise<Trigger> {
  if (isScheduled(env)) return { kind: 'schedule' };
  const pr =
    env.GITHUB_EVENT_NAME === 'pull_request' ||
    env.GITHUB_EVENT_NAME === 'pull_request_target' ||
    env.CI_PIPELINE_SOURCE === 'merge_request_event';
  const base = env.GITHUB_BASE_REF || env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || config.baseline.base_branch;
  if (pr) {
    const changed = changedFiles ?? (base ? await changedSinceBase(root, base) : undefined);
    return changed ? { kind: 'pull_request', changed } : { kind: 'manual' };
  }
  const push = env.GITHUB_EVENT_NAME === 'push' || env.CI_PIPELINE_SOURCE === 'push';
  if (push) {
    const branch = env.GITHUB_REF_NAME || env.CI_COMMIT_BRANCH;
    const baseBranch = config.baseline.base_branch ?? env.CI_DEFAULT_BRANCH ?? 'main';
    if (branch === baseBranch) return { kind: 'push', baseBranch: true };
    const changed = changedFiles ?? (await changedSinceBase(root, baseBranch));
    return { kind: 'push', baseBranch: false, ...(changed ? { changed } : {}) };
  }
  return changedFiles ? { kind: 'pull_request', changed: changedFiles } : { kind: 'manual' };
}

/** The repository root (the config's folder outside git). */
export async function repoRoot(dir: string): Promise<string> {
  const r = await git(dir, ['rev-parse', '--show-toplevel']);
  return r.code === 0 ? r.stdout.trim() : dir;
}

/** Plan a run of a loaded config: which suites run and why. */
export async function planForRun(
  loaded: LoadedConfig,
  env: NodeJS.ProcessEnv,
  options: { changedFiles?: readonly string[]; escalation?: string } = {},
): Promise<RunPlan> {
  const root = await repoRoot(loaded.dir);
  const trigger = await triggerFromEnv(root, env, loaded.config, options.changedFiles);
  return planRun(planSuitesOf(loaded, root), trigger, options.escalation);
}

/** The config with only the planned suites (gates of skipped suites simply find nothing to check). */
export function applyPlan(loaded: LoadedConfig, plan: RunPlan): LoadedConfig {
  const run = new Set(plan.suites.filter((s) => s.run).map((s) => s.name));
  return {
    ...loaded,
    config: { ...loaded.config, suites: loaded.config.suites.filter((s) => run.has(s.name)) },
  };
}
