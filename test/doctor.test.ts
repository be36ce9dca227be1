import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { checkGitlabToken, checkNode } from '../src/doctor/checks.js';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { demoCopy, tempDir } from './helpers.js';

async function doctor(cwd: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  let out = '';
  const code = await main(['doctor', ...args], {
    cwd,
    env,
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      out += s;
    },
  });
  return { code, out };
}

describe('autoglm doctor', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.on('GET', '/repos/{owner}/{repo}', (req) =>
      req.headers.authorization === 'token good'
        ? {
            body: { id: 1, name: req.params.repo, full_name: `${req.params.owner}/${req.params.repo}` },
            headers: { 'x-oauth-scopes': 'repo, workflow' },
          }
        : req.headers.authorization === 'token narrow'
          ? { body: { id: 1 }, headers: { 'x-oauth-scopes': 'read:user' } }
          : { status: 401, body: { message: 'Bad credentials' } },
    );
  });
  afterAll(() => gh.close());

  it('exits 0 on the demo when the token is accepted with the repo scope, and says so', async () => {
    const env = { GITHUB_TOKEN: 'good', GITHUB_REPOSITORY: 'acme/models', GITHUB_API_URL: gh.url };
    const r = await doctor(demoCopy(), env);
    expect(r.out).toMatch(/ok\s+github token\s+accepted for acme\/models; scopes: repo, workflow/);
    expect(r.out).toMatch(/ok\s+onnxruntime-node\s+loads on /);
    expect(r.out).toMatch(/ok\s+config\s+valid: 4 model\(s\), 2 suite\(s\)/);
    expect(r.out).toContain('all is well');
    expect(r.code).toBe(0);
    expect(gh.violations).toEqual([]);
  });

  it('exits 1 and says what to fix for a rejected token, a missing model and a narrow scope', async () => {
    const dir = demoCopy();
    writeFileSync(
      path.join(dir, 'autoglm.yml'),
      'models:\n  - {name: m, path: models/missing.onnx}\nsuites:\n  - {name: s, dataset: data/eval.jsonl}\n',
    );
    const bad = await doctor(dir, {
      GITHUB_TOKEN: 'expired',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_API_URL: gh.url,
    });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/FAIL\s+github token\s+rejected \(401/);
    expect(bad.out).toMatch(/FAIL\s+config\s+model file models\/missing.onnx does not exist/);
    expect(bad.out).toContain('2 problems to fix');
    const narrow = await doctor(demoCopy(), {
      GITHUB_TOKEN: 'narrow',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_API_URL: gh.url,
    });
    expect(narrow.out).toMatch(/warn\s+github token\s+accepted for acme\/models; scopes: read:user/);
    expect(narrow.out).toContain('needs the repo (or public_repo) scope');
  });

  it('names a config it cannot find, and an invalid one by file and line', async () => {
    const empty = await doctor(tempDir(), {});
    expect(empty.code).toBe(1);
    expect(empty.out).toMatch(/FAIL\s+config\s+autoglm.yml not found/);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'autoglm.yml'), 'models:\n  - name: m\n    batchsize: 2\n');
    const invalid = await doctor(dir, {});
    expect(invalid.out).toContain('autoglm.yml:3:5');
    expect(invalid.code).toBe(1);
  });

  it('judges the Node version', () => {
    expect(checkNode('v20.20.2').level).toBe('ok');
    expect(checkNode('v18.19.0')).toMatchObject({ level: 'fail', detail: 'Node v18.19.0 is older than 20' });
  });
});

describe('autoglm doctor on GitLab: the token scopes the API reports', () => {
  let url = '';
  const server = createServer((req, res) => {
    const token = req.headers['private-token'];
    res.setHeader('content-type', 'application/json');
    if (req.url !== '/api/v4/personal_access_tokens/self' || !token || token === 'revoked') {
      res.statusCode = 401;
      res.end('{"message":"401 Unauthorized"}');
      return;
    }
    res.end(
      JSON.stringify({
        id: 1,
        active: true,
        scopes: token === 'full' ? ['api'] : ['read_api'],
        expires_at: '2027-06-30',
      }),
    );
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a token with the api scope, fails read_api only and a revoked one', async () => {
    const env = (t: string) => ({ GITLAB_CI: 'true', CI_SERVER_URL: url, AUTOGLM_GITLAB_TOKEN: t });
    expect(await checkGitlabToken(env('full'))).toMatchObject({
      level: 'ok',
      detail: 'accepted; scopes: api, expires 2027-06-30',
    });
    expect(await checkGitlabToken(env('ro'))).toMatchObject({
      level: 'fail',
      fix: 'posting the MR note needs the api scope',
    });
    expect((await checkGitlabToken(env('revoked'))).detail).toContain('rejected (401');
  });
});
