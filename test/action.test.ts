import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Inputs, Outputs } from '../src/action/constants.js';
import { copyTracked, DEMO, ROOT, tempDir } from './helpers.js';

/**
 * The action as a runner runs it: only action.yml and dist/ copied to a folder with no
 * node_modules, inputs as INPUT_* variables (names upper-cased, dashes kept), and the runner's
 * files for outputs and the job summary.
 */
function runAction(inputs: Record<string, string>, prepare?: (workspace: string) => void) {
  const root = tempDir('autoglm-action-');
  const actionDir = path.join(root, 'action');
  cpSync(path.join(ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
  cpSync(path.join(ROOT, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
  const workspace = path.join(root, 'workspace');
  copyTracked(DEMO, path.join(workspace, 'demo'));
  prepare?.(workspace);
  const summary = path.join(root, 'summary.md');
  const output = path.join(root, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF_NAME: 'feature/x',
    GITHUB_EVENT_NAME: 'pull_request',
    RUNNER_TEMP: root,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = spawnSync(process.execPath, [path.join(actionDir, 'dist', 'index.js')], {
    cwd: workspace,
    env,
    encoding: 'utf8',
  });
  const outputs: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of readFileSync(output, 'utf8').matchAll(re)) outputs[m[1] as string] = m[3] as string;
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    summary: readFileSync(summary, 'utf8'),
    outputs,
    workspace,
    actionDir,
  };
}

describe('the action from action.yml + dist/ alone', () => {
  it('runs the demo eval and writes the table to the job summary and the outputs', () => {
    const r = runAction({
      config: 'autoglm.yml',
      'working-directory': 'demo',
      'fail-on': 'regression',
      'github-token': 'ghs_secret',
    });
    expect(existsSync(path.join(r.actionDir, 'node_modules'))).toBe(false);
    expect(r.stdout).not.toContain('::error::');
    expect(r.code).toBe(0);
    expect(r.summary).toContain('<!-- autoglm-report -->');
    expect(r.summary).toContain('| model | mean latency | p95 | accuracy | macro-F1 | memory | size |');
    expect(r.summary).toMatch(/\| `digits-v1` \| [^|]+ \| [^|]+ \| 92\.0% \|/);
    expect(r.summary).toMatch(/\| `digits-v2` \| [^|]+ \| [^|]+ \| 88\.0% \|/);
    expect(r.summary).toContain('`0123456789ab`');
    expect(r.outputs[Outputs.Verdict]).toBe('pass');
    expect(r.outputs[Outputs.ResultsPath]).toBe(path.join(r.workspace, 'demo', 'autoglm-results.json'));
    expect(r.outputs[Outputs.ReportPath]).toBe(path.join(r.workspace, 'demo', 'autoglm-report.md'));
    const results = JSON.parse(readFileSync(r.outputs[Outputs.ResultsPath] as string, 'utf8'));
    expect(results.provenance).toEqual({
      sha: '0123456789abcdef0123456789abcdef01234567',
      ref: 'feature/x',
      event: 'pull_request',
    });
    // The token is registered as a secret with the runner and never printed otherwise.
    expect(r.stdout).toContain('::add-mask::ghs_secret');
    expect(r.stdout.replace('::add-mask::ghs_secret', '')).not.toContain('ghs_secret');
  });

  it('reports first and fails last on a regression', () => {
    const r = runAction({ 'working-directory': 'demo' }, (ws) => {
      const file = path.join(ws, 'demo', 'autoglm.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('min: 0.8', 'min: 0.9'));
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::autoglm: verdict regression \(fail-on: regression\)/);
    expect(r.summary).toContain('❌ regression');
    expect(r.outputs[Outputs.Verdict]).toBe('regression');
  });

  it("fail-on: never keeps a regression's step green", () => {
    const r = runAction({ 'working-directory': 'demo', 'fail-on': 'never' }, (ws) => {
      const file = path.join(ws, 'demo', 'autoglm.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('min: 0.8', 'min: 0.9'));
    });
    expect(r.code).toBe(0);
    expect(r.outputs[Outputs.Verdict]).toBe('regression');
  });

  it('rejects a bad input value by name, with exit code 2', () => {
    const r = runAction({ 'working-directory': 'demo', 'fail-on': 'yes' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      "::error::'fail-on' input must be one of regression, warning, never but got 'yes'",
    );
  });

  it('names a missing config file', () => {
    const r = runAction({ 'working-directory': 'demo', config: 'missing.yml' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('::error::config file not found: missing.yml');
  });
});

describe('action.yml', () => {
  const meta = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  it('runs dist/index.js on node24', () => {
    expect(meta.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
  it('declares exactly the inputs and outputs the code reads and sets', () => {
    expect(Object.keys(meta.inputs).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(meta.outputs).sort()).toEqual(Object.values(Outputs).sort());
    expect(meta.inputs['fail-on'].default).toBe('regression');
  });
});
