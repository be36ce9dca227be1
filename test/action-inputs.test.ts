import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GithubEventSchema } from '../src/github/event.js';
import { DEMO, ROOT, runCli, tempDir } from './helpers.js';

/**
 * Bad runner input to the built action (`dist/index.js` as a child process with INPUT_* variables)
 * and CLI (issue 14, item 13): a malformed event payload and a working directory outside the
 * workspace are bad input (exit 2) named in the message and the job summary.
 */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runner(): { root: string; workspace: string } {
  const root = tempDir('autoglm-runner-');
  made.push(root);
  const workspace = path.join(root, 'workspace');
  cpSync(DEMO, path.join(workspace, 'demo'), {
    recursive: true,
    filter: (src) => !src.includes('.autoglm') && !/autoglm-(results|report)/.test(path.basename(src)),
  });
  return { root, workspace };
}

function runAction(
  r: { root: string; workspace: string },
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
) {
  const summary = path.join(r.root, 'summary.md');
  writeFileSync(summary, '');
  const vars: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: r.workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF_NAME: 'feature/x',
    GITHUB_EVENT_NAME: 'pull_request',
    RUNNER_TEMP: r.root,
    ...env,
  };
  for (const [name, value] of Object.entries(inputs)) vars[`INPUT_${name.toUpperCase()}`] = value;
  const p = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'index.js')], {
    cwd: r.workspace,
    env: vars,
    encoding: 'utf8',
  });
  return { code: p.status, stdout: p.stdout, stderr: p.stderr, summary: readFileSync(summary, 'utf8') };
}

describe('GITHUB_EVENT_PATH payload (item 13)', () => {
  it('a field of the wrong type: exit 2 naming the file, the field and what was expected', () => {
    const r = runner();
    const event = path.join(r.root, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: '7', head: { sha: 'e'.repeat(40) } } }));
    const a = runAction(r, { 'working-directory': 'demo' }, { GITHUB_EVENT_PATH: event });
    expect(a.code).toBe(2);
    expect(a.stdout).toContain(
      `::error::GITHUB_EVENT_PATH ${event}: pull_request.number: expected number, got "7"`,
    );
    expect(a.summary).toContain('bad input');
  });

  it('a payload that is not JSON: exit 2 naming the file, not a crash when the bundle loads', () => {
    const r = runner();
    const event = path.join(r.root, 'event.json');
    writeFileSync(event, '{"pull_request": ');
    const a = runAction(r, { 'working-directory': 'demo' }, { GITHUB_EVENT_PATH: event });
    expect(a.code).toBe(2);
    expect(a.stdout).toContain(`GITHUB_EVENT_PATH ${event}: not a JSON webhook payload`);
    expect(a.stderr).not.toContain('SyntaxError');
    // The CLI in a workflow step reads the same payload.
    const cli = runCli(['baseline', 'resolve', '--store', 'file'], path.join(r.workspace, 'demo'), {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
    });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`GITHUB_EVENT_PATH ${event}: not a JSON webhook payload`);
  });

  it('a PR head that is not a commit SHA is refused too', () => {
    const r = runner();
    const event = path.join(r.root, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7, head: { sha: 'main; rm -rf /' } } }));
    const a = runAction(r, { 'working-directory': 'demo' }, { GITHUB_EVENT_PATH: event });
    expect(a.code).toBe(2);
    expect(a.stdout).toContain('pull_request.head.sha: expected a 40-character hex commit SHA');
  });
});

describe("'working-directory' input (item 13)", () => {
  it('outside GITHUB_WORKSPACE: exit 2, as actions/checkout refuses such a path', () => {
    const r = runner();
    const outside = path.join(r.root, 'elsewhere');
    cpSync(path.join(r.workspace, 'demo'), outside, { recursive: true });
    for (const input of ['../elsewhere', outside]) {
      const a = runAction(r, { 'working-directory': input });
      expect(a.code).toBe(2);
      expect(a.stdout).toContain(`'working-directory' input '${input}' resolves to ${outside}`);
      expect(a.stdout).toContain('not under GITHUB_WORKSPACE');
      expect(a.summary).toContain('bad input');
    }
  });

  it('a folder inside the workspace, given absolute or relative, still runs', () => {
    const r = runner();
    mkdirSync(path.join(r.workspace, 'nested'), { recursive: true });
    const a = runAction(r, { 'working-directory': path.join(r.workspace, 'nested', '..', 'demo') });
    expect(a.stdout).not.toContain('not under GITHUB_WORKSPACE');
    expect(a.code).toBe(0);
  });
});

describe('the event schema against real payloads', () => {
  it('accepts every webhook example of @octokit/webhooks-examples (api.github.com)', () => {
    const all = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as {
      name: string;
      examples: unknown[];
    }[];
    const rejected = all.flatMap((e) =>
      e.examples.flatMap((ex, i) => {
        const r = GithubEventSchema.safeParse(ex);
        return r.success ? [] : [`${e.name}[${i}]: ${r.error.issues[0]?.path.join('.')}`];
      }),
    );
    expect(all.reduce((n, e) => n + e.examples.length, 0)).toBeGreaterThan(300);
    expect(rejected).toEqual([]);
  });
});
