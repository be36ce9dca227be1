import path from 'node:path';
import * as core from '@actions/core';
import { BASELINE_STORES, type BaselineConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { LlmSettings } from '../pipeline/llm.js';
import { FAIL_ON, type FailOn } from '../pipeline/run.js';
import { COMMENT_MODES, type CommentMode } from '../platform/github/publish.js';
import { Inputs, MODES, type Mode } from './constants.js';

export interface ActionInputs {
  config: string;
  githubToken: string;
  /** Absolute working directory. */
  workingDirectory: string;
  failOn: FailOn;
  /** Overrides baseline.store when set. */
  baseline?: BaselineConfig['store'];
  comment: CommentMode;
  mode: Mode;
  resultsArtifact: string;
  /** GITHUB_WORKSPACE: annotation paths are relative to it. */
  workspace: string;
  /** LLM suites: record/replay cassette folders, response cache on or off. */
  llm: LlmSettings;
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = core.getInput(name) || fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`'${name}' input must be one of ${allowed.join(', ')} but got '${value}'`);
  }
  return value as T;
}

/**
 * `working-directory` resolved against GITHUB_WORKSPACE and refused outside it, as actions/checkout
 * refuses a `path` that is not under the workspace: results, reports and annotations are written
 * and read there, and a step must not reach into the runner's other folders.
 */
function insideWorkspace(workspace: string, input: string, env: NodeJS.ProcessEnv): string {
  const dir = path.resolve(workspace, input);
  if (!env.GITHUB_WORKSPACE) return dir;
  const rel = path.relative(path.resolve(workspace), dir);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new UsageError(
      `'${Inputs.WorkingDirectory}' input '${input}' resolves to ${dir}, which is not under GITHUB_WORKSPACE (${path.resolve(workspace)}): give a path inside the workspace`,
    );
  }
  return dir;
}

/** Read and validate every input once; a bad value names the input and what it accepts. */
export function getInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const failOn = core.getInput(Inputs.FailOn) || 'regression';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(`'${Inputs.FailOn}' input must be one of ${FAIL_ON.join(', ')} but got '${failOn}'`);
  }
  const baseline = core.getInput(Inputs.Baseline);
  if (baseline && !(BASELINE_STORES as readonly string[]).includes(baseline)) {
    throw new UsageError(
      `'${Inputs.Baseline}' input must be one of ${BASELINE_STORES.join(', ')} but got '${baseline}'`,
    );
  }
  const cache = core.getInput(Inputs.Cache) || 'true';
  if (cache !== 'true' && cache !== 'false') {
    throw new UsageError(`'${Inputs.Cache}' input must be 'true' or 'false' but got '${cache}'`);
  }
  const record = core.getInput(Inputs.Record);
  const replay = core.getInput(Inputs.Replay);
  if (record && replay)
    throw new UsageError(`give either the '${Inputs.Record}' or the '${Inputs.Replay}' input, not both`);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const workingDirectory = insideWorkspace(workspace, core.getInput(Inputs.WorkingDirectory) || '.', env);
  const token = core.getInput(Inputs.GithubToken);
  if (token) core.setSecret(token);
  return {
    config: core.getInput(Inputs.Config) || 'autoglm.yml',
    githubToken: token,
    workingDirectory,
    failOn: failOn as FailOn,
    comment: oneOf(Inputs.Comment, COMMENT_MODES, 'always'),
    mode: oneOf(Inputs.Mode, MODES, 'auto'),
    resultsArtifact: core.getInput(Inputs.ResultsArtifact) || 'autoglm-results',
    workspace: path.resolve(workspace),
    ...(baseline ? { baseline: baseline as BaselineConfig['store'] } : {}),
    llm: {
      ...(record ? { record } : {}),
      ...(replay ? { replay } : {}),
      ...(cache === 'false' ? { cache: false } : {}),
    },
  };
}
