/**
 * `autoglm doctor`: what would stop a run here, checked one concern at a time. Each check says
 * what it found and, when something is wrong, what to do. `fail` means a run would break; `warn`
 * is advice (a missing token for a local run, no baseline yet) and keeps the exit code 0.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runContext } from '../baseline/context.js';
import { resolveBaseline } from '../baseline/store.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { errorMessage } from '../errors.js';
import { githubClient } from '../github/octokit.js';
import { DIST_PLATFORMS } from '../inference/onnx.js';
import { storeFor } from '../pipeline/baseline.js';

export type Level = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  level: Level;
  detail: string;
  fix?: string;
}

export interface DoctorOptions {
  cwd: string;
  config: string;
  env: NodeJS.ProcessEnv;
  /** The Node version to judge (tests pass one); default the running one. */
  nodeVersion?: string;
}

const MIN_NODE = 20;

export function checkNode(version: string): Check {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
  return major >= MIN_NODE
    ? { name: 'node', level: 'ok', detail: `Node ${version}` }
    : {
        name: 'node',
        level: 'fail',
        detail: `Node ${version} is older than ${MIN_NODE}`,
        fix: `install Node ${MIN_NODE} or newer (22 or 24 recommended)`,
      };
}

/** Load each runtime the way a run does (lazily, by its package name). */
async function checkRuntime(name: 'onnxruntime-node' | 'z3-solver', needed: string): Promise<Check> {
  const platform = `${process.platform}-${process.arch}`;
  try {
    const mod = (await import(/* webpackIgnore: true */ name)) as Record<string, unknown>;
    const ok = name === 'onnxruntime-node' ? 'InferenceSession' in mod : 'init' in mod;
    if (!ok) throw new Error('unexpected exports');
    return { name, level: 'ok', detail: `loads on ${platform}` };
  } catch (e) {
    const firstLine = errorMessage(e).split('\n')[0];
    return {
      name,
      level: needed ? 'fail' : 'warn',
      detail: `cannot be loaded on ${platform}: ${firstLine}`,
      fix:
        platform === 'linux-x64'
          ? `reinstall it (npm ci); ${needed || 'only needed by some features'}`
          : `the action's dist/ ships ${DIST_PLATFORMS.join(', ')} binaries only; on ${platform} run the npm package (npx --package open-autoglm-ci autoglm), whose dependency brings the binaries it has for this platform (${needed || 'only needed by some features'})`,
    };
  }
}

function checkConfig(loaded: LoadedConfig): Check[] {
  const c = loaded.config;
  const out: Check[] = [];
  const missing = c.models
    .map((m) => m.path ?? m.model)
    .filter((p): p is string => p !== undefined && !existsSync(path.resolve(loaded.dir, p)));
  for (const p of missing) {
    out.push({
      name: 'config',
      level: 'fail',
      detail: `model file ${p} does not exist`,
      fix: 'fix the path (relative to the config file)',
    });
  }
  for (const s of c.suites) {
    const file =
      typeof s.dataset === 'string' ? s.dataset : s.dataset && 'path' in s.dataset ? s.dataset.path : s.cases;
    if (file && !existsSync(path.resolve(loaded.dir, file))) {
      out.push({
        name: 'config',
        level: 'fail',
        detail: `dataset ${file} of suite ${s.name} does not exist`,
        fix: 'fix the path (relative to the config file)',
      });
    }
  }
  const sections = [
    c.models.length ? `${c.models.length} model(s)` : '',
    c.suites.length ? `${c.suites.length} suite(s)` : '',
    c.coverage ? 'coverage' : '',
    c.testgen ? 'testgen' : '',
  ].filter(Boolean);
  if (out.length === 0)
    out.push({ name: 'config', level: 'ok', detail: `valid: ${sections.join(', ') || 'nothing to run'}` });
  return out;
}

/** What the GitHub API says about the token: accepted or not, and the scopes or repository permissions it reports. */
export async function checkGithubToken(env: NodeJS.ProcessEnv): Promise<Check> {
  const token = env.GITHUB_TOKEN ?? env['INPUT_GITHUB-TOKEN'];
  const repo = env.GITHUB_REPOSITORY;
  if (!token) {
    return {
      name: 'github token',
      level: env.GITHUB_ACTIONS === 'true' ? 'fail' : 'warn',
      detail: 'no GITHUB_TOKEN',
      fix: 'only needed to post results and read artifact or branch baselines; in a workflow the action passes github.token',
    };
  }
  if (!repo?.includes('/')) {
    return {
      name: 'github token',
      level: 'warn',
      detail: 'a token, but no GITHUB_REPOSITORY (owner/repo) to check it against',
    };
  }
  const [owner, name] = repo.split('/') as [string, string];
  const client = githubClient({
    token,
    baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    maxRetries: 0,
  });
  try {
    const r = await client.request('GET /repos/{owner}/{repo}', { owner, repo: name });
    const scopes = r.headers['x-oauth-scopes'];
    const perms = (r.data as { permissions?: Record<string, boolean> }).permissions;
    const granted = perms
      ? Object.keys(perms)
          .filter((k) => perms[k])
          .join(', ')
      : undefined;
    const detail =
      scopes !== undefined
        ? `accepted for ${repo}; scopes: ${scopes || '(none)'}`
        : granted
          ? `accepted for ${repo}; permissions: ${granted}`
          : `accepted for ${repo}; a GitHub App or workflow token: its permissions are the workflow's permissions: block (the API does not list them)`;
    if (scopes !== undefined && !/\brepo\b|\bpublic_repo\b/.test(scopes)) {
      return {
        name: 'github token',
        level: 'warn',
        detail,
        fix: 'posting comments and check runs needs the repo (or public_repo) scope',
      };
    }
    return { name: 'github token', level: 'ok', detail };
  } catch (e) {
    const status = (e as { status?: number }).status;
    const why =
      status === 401
        ? 'rejected (401: bad or expired token)'
        : status === 404 || status === 403
          ? `cannot see ${repo} (${status})`
          : `the API at ${env.GITHUB_API_URL ?? 'https://api.github.com'} did not answer: ${errorMessage(e)}`;
    return {
      name: 'github token',
      level: 'fail',
      detail: why,
      fix: 'use a token of this repository (GITHUB_TOKEN, or a PAT with repo scope); on GHES set GITHUB_API_URL',
    };
  }
}

/** GitLab tells a personal, project or group token's scopes at /personal_access_tokens/self. */
export async function checkGitlabToken(env: NodeJS.ProcessEnv): Promise<Check> {
  const token = env.AUTOGLM_GITLAB_TOKEN ?? env.GITLAB_TOKEN;
  const api = env.CI_API_V4_URL ?? (env.CI_SERVER_URL ? `${env.CI_SERVER_URL}/api/v4` : undefined);
  if (!token) {
    return {
      name: 'gitlab token',
      level: 'warn',
      detail:
        'no AUTOGLM_GITLAB_TOKEN: CI_JOB_TOKEN can read notes and artifacts but cannot post the MR note',
      fix: 'add a project access token with the api scope as a masked variable AUTOGLM_GITLAB_TOKEN',
    };
  }
  if (!api)
    return {
      name: 'gitlab token',
      level: 'warn',
      detail: 'a token, but no CI_SERVER_URL to check it against',
    };
  try {
    const r = await fetch(`${api}/personal_access_tokens/self`, { headers: { 'PRIVATE-TOKEN': token } });
    if (r.status === 401)
      return {
        name: 'gitlab token',
        level: 'fail',
        detail: 'rejected (401: bad, expired or revoked token)',
        fix: 'create a new project access token with the api scope',
      };
    if (!r.ok)
      return {
        name: 'gitlab token',
        level: 'warn',
        detail: `the API answered ${r.status} at ${api}/personal_access_tokens/self`,
      };
    const body = (await r.json()) as { scopes?: string[]; active?: boolean; expires_at?: string | null };
    const scopes = body.scopes ?? [];
    const detail = `accepted; scopes: ${scopes.join(', ') || '(none)'}${body.expires_at ? `, expires ${body.expires_at}` : ''}`;
    if (body.active === false)
      return {
        name: 'gitlab token',
        level: 'fail',
        detail: 'the token is not active',
        fix: 'create a new token',
      };
    return scopes.includes('api')
      ? { name: 'gitlab token', level: 'ok', detail }
      : { name: 'gitlab token', level: 'fail', detail, fix: 'posting the MR note needs the api scope' };
  } catch (e) {
    return {
      name: 'gitlab token',
      level: 'fail',
      detail: `the API at ${api} did not answer: ${errorMessage(e)}`,
      fix: 'check CI_SERVER_URL and the network',
    };
  }
}

async function checkBaseline(loaded: LoadedConfig, opts: DoctorOptions): Promise<Check> {
  const cfg = loaded.config.baseline;
  const store = storeFor(cfg, opts.cwd, undefined, loaded.dir);
  if (!store) return { name: 'baseline', level: 'ok', detail: 'comparison is off (baseline.store: none)' };
  const ctx = await runContext(opts.cwd, opts.env, {
    token: opts.env.GITHUB_TOKEN ?? opts.env['INPUT_GITHUB-TOKEN'],
    baseBranch: cfg.base_branch,
  });
  const r = await resolveBaseline(store, ctx);
  const broken = r.notes.find((n) => n.startsWith('could not read'));
  if (broken)
    return {
      name: 'baseline',
      level: 'fail',
      detail: broken,
      fix: 'see docs/baselines.md for what each store needs',
    };
  if (r.baseline) {
    return {
      name: 'baseline',
      level: 'ok',
      detail: `${cfg.store} store: found ${r.baseline.location} (${r.baseline.matched})`,
    };
  }
  return {
    name: 'baseline',
    level: 'warn',
    detail: `${cfg.store} store reachable, no baseline yet: ${r.notes.at(-1) ?? ''}`.trim(),
  };
}

export async function runDoctor(opts: DoctorOptions): Promise<Check[]> {
  const checks: Check[] = [checkNode(opts.nodeVersion ?? process.version)];
  let loaded: LoadedConfig | undefined;
  if (!existsSync(path.resolve(opts.cwd, opts.config))) {
    checks.push({
      name: 'config',
      level: 'fail',
      detail: `${opts.config} not found`,
      fix: 'autoglm init writes one',
    });
  } else {
    try {
      loaded = await loadConfig(path.resolve(opts.cwd, opts.config), opts.config);
      checks.push(...checkConfig(loaded));
    } catch (e) {
      checks.push({ name: 'config', level: 'fail', detail: errorMessage(e) });
    }
  }
  const onnx = loaded ? loaded.config.models.some((m) => m.path ?? m.model) : true;
  checks.push(await checkRuntime('onnxruntime-node', onnx ? 'needed by the models of the config' : ''));
  checks.push(await checkRuntime('z3-solver', loaded?.config.testgen ? 'needed by testgen' : ''));
  if (opts.env.GITLAB_CI === 'true' || opts.env.CI_SERVER_URL) checks.push(await checkGitlabToken(opts.env));
  else checks.push(await checkGithubToken(opts.env));
  if (loaded) {
    checks.push(
      await checkBaseline(loaded, opts).catch(
        (e): Check => ({ name: 'baseline', level: 'fail', detail: errorMessage(e) }),
      ),
    );
  }
  return checks;
}
