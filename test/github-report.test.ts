import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_MARKER } from '../src/report/markdown.js';
import type { Finding } from '../src/results/comparison.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { type GithubState, installGithubState, REPO, webhookExample } from './fake-github-state.js';
import { copyTracked, DEMO, ROOT, tempDir } from './helpers.js';

/**
 * The built action (action.yml + dist/ alone) as a runner runs it, against the loopback GitHub
 * API that validates every request against GitHub's OpenAPI description, with real webhook
 * payloads from @octokit/webhooks-examples.
 */

const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const MERGE = 'f'.repeat(40);

interface ActionRun {
  code: number | null;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
  workspace: string;
}

let gh: FakeGitHub;
let state: GithubState;

beforeEach(async () => {
  gh = await startFakeGitHub();
  state = installGithubState(gh);
});
afterEach(async () => {
  expect(gh.violations).toEqual([]);
  await gh.close();
});

function runAction(
  event: string,
  payload: Record<string, unknown>,
  inputs: Record<string, string>,
  prepare?: (workspace: string) => void,
  workspace?: string,
): Promise<ActionRun> {
  const root = tempDir('autoglm-gh-');
  const actionDir = path.join(root, 'action');
  cpSync(path.join(ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
  cpSync(path.join(ROOT, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
  const ws = workspace ?? path.join(root, 'workspace');
  if (!workspace) copyTracked(DEMO, ws);
  prepare?.(ws);
  const summary = path.join(root, 'summary.md');
  const output = path.join(root, 'output.txt');
  const eventPath = path.join(root, 'event.json');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  writeFileSync(eventPath, JSON.stringify(payload));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_SHA: MERGE,
    GITHUB_REF: 'refs/pull/2/merge',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${REPO.owner}/${REPO.repo}`,
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'autoglm',
    GITHUB_JOB: 'eval',
    GITHUB_ACTOR: 'Codertocat',
    RUNNER_TEMP: root,
    'INPUT_GITHUB-TOKEN': 'ghs_faketoken123',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(actionDir, 'dist', 'index.js')], { cwd: ws, env });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stdout += d;
    });
    child.on('close', (code) => {
      const outputs: Record<string, string> = {};
      const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
      for (const m of readFileSync(output, 'utf8').matchAll(re)) outputs[m[1] as string] = m[3] as string;
      resolve({ code, stdout, summary: readFileSync(summary, 'utf8'), outputs, workspace: ws });
    });
  });
}

const prOpened = () => webhookExample('pull_request', 'opened');

function forkPr(): Record<string, unknown> {
  const p = prOpened() as { pull_request: { head: { repo: { full_name: string; fork: boolean } } } };
  // The example PR comes from the same repository; a fork's head repository is another one.
  p.pull_request.head.repo.full_name = 'mallory/Hello-World';
  p.pull_request.head.repo.fork = true;
  return p;
}

const botComments = () => state.comments.filter((c) => c.user.login === 'github-actions[bot]');
const stickies = () => botComments().filter((c) => c.body.includes('<!-- autoglm-sticky:'));

/** The markdown with every code span removed: what GitHub would interpret. */
const outsideCode = (md: string) => md.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');

function artifactOf(doc: Results): Uint8Array {
  return zipSync({ 'autoglm-results.json': new TextEncoder().encode(JSON.stringify(doc)) });
}

function finding(over: Partial<Finding>): Finding {
  return {
    suite: 'digits-eval',
    model: 'm',
    metric: 'accuracy',
    base: 0.92,
    current: 0.85,
    delta: -0.07,
    worsening: 0.076,
    outcome: 'regression',
    method: 'paired',
    reason: 'accuracy dropped',
    mode: 'block',
    severity: 4,
    pValue: 0.001,
    ...over,
  };
}

/** A stage-one results document, as an analyze run would upload it. */
function stageOne(over: Partial<Results> = {}): Results {
  const r = results([suite([model('m', { accuracy: 0.85 })])]);
  return {
    ...r,
    provenance: { sha: HEAD, ref: 'changes', event: 'pull_request' },
    sources: { config: 'autoglm.yml', models: { m: 4 } },
    comparison: { notes: [], findings: [finding({})], outcome: 'regression' },
    verdict: 'regression',
    ...over,
  };
}

function workflowRun(runId: number): Record<string, unknown> {
  const p = webhookExample('workflow_run', 'completed', 2) as {
    workflow_run: Record<string, unknown>;
    repository: Record<string, unknown>;
  };
  p.workflow_run.id = runId;
  p.workflow_run.event = 'pull_request';
  p.workflow_run.head_sha = HEAD;
  // A fork PR's workflow_run lists no pull requests: stage two finds it by head SHA.
  p.workflow_run.pull_requests = [];
  return p;
}

function publishWith(doc: Results, runId = 77) {
  state.artifacts.set(runId, [{ id: runId * 10, name: 'autoglm-results', zip: artifactOf(doc) }]);
  state.pulls.push({ number: 2, head: { sha: HEAD, ref: 'changes' }, state: 'open' });
  return runAction(
    'workflow_run',
    workflowRun(runId),
    { mode: 'publish', 'fail-on': 'regression' },
    undefined,
    tempDir(),
  );
}

describe.skipIf(!existsSync(path.join(ROOT, 'dist', 'index.js')))(
  'GitHub reporting from dist/index.js',
  () => {
    it('twice on one PR gives one comment, updated, and a check run on the PR head (not the merge commit)', async () => {
      const first = await runAction('pull_request', prOpened(), {});
      expect(first.code, first.stdout).toBe(0);
      expect(stickies()).toHaveLength(1);
      const id = stickies()[0]?.id;
      const second = await runAction('pull_request', webhookExample('pull_request', 'synchronize'), {});
      expect(second.code, second.stdout).toBe(0);
      expect(stickies()).toHaveLength(1);
      expect(stickies()[0]?.id).toBe(id);
      expect(
        gh.requests.filter((r) => r.method === 'PATCH' && r.route.endsWith('/issues/comments/{comment_id}')),
      ).toHaveLength(1);
      const body = stickies()[0]?.body as string;
      expect(body.startsWith(REPORT_MARKER)).toBe(true);
      expect(body).toContain('## Open-AutoGLM CI demo: ✅ pass');
      expect(body).toContain('<!-- autoglm-sticky: autoglm/eval/autoglm.yml -->');
      expect(body).toContain(
        '[the full report](https://github.com/Codertocat/Hello-World/actions/runs/4242)',
      );
      expect(body).not.toContain('ghs_faketoken123');
      expect(state.checkRuns).toHaveLength(2);
      expect(state.checkRuns.every((c) => c.head_sha === HEAD && c.name === 'autoglm')).toBe(true);
      expect(state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(state.checkRuns[0]?.output.title).toBe('pass: no regressions against the baseline');
      expect(state.checkRuns[0]?.output.summary?.length).toBeLessThanOrEqual(65_535);
      expect(second.outputs['comment-url']).toBe(stickies()[0]?.html_url);
      expect(second.outputs['check-url']).toBe(state.checkRuns[1]?.html_url);
      expect(second.summary).toContain('## Open-AutoGLM CI demo: ✅ pass');
      // The results name the PR head, not the synthetic merge commit.
      const doc = JSON.parse(readFileSync(second.outputs['results-path'] as string, 'utf8')) as Results;
      expect(doc.provenance.sha).toBe(HEAD);
      expect(body).toContain('`ec26c3e57ca3`');
    });

    it('a push posts the check run on the pushed commit and no comment', async () => {
      const r = await runAction('push', webhookExample('push'), {});
      expect(r.code, r.stdout).toBe(0);
      expect(state.comments).toHaveLength(0);
      expect(state.checkRuns).toHaveLength(1);
      expect(state.checkRuns[0]?.head_sha).toBe(MERGE);
    });

    it("leaves a human's comment that quotes the marker alone", async () => {
      const human = state.addComment(
        2,
        '<!-- autoglm-sticky: autoglm/eval/autoglm.yml -->\nquoting the bot',
        'Codertocat',
      );
      const r = await runAction('pull_request', prOpened(), {});
      expect(r.code, r.stdout).toBe(0);
      expect(state.comments.find((c) => c.id === human.id)?.body).toBe(
        '<!-- autoglm-sticky: autoglm/eval/autoglm.yml -->\nquoting the bot',
      );
      expect(stickies()).toHaveLength(1);
      expect(gh.requests.some((q) => q.method === 'PATCH' && q.params.comment_id === String(human.id))).toBe(
        false,
      );
    });

    it('a fork PR with a read-only token falls back to the job summary with one warning, and passes', async () => {
      state.readOnly = true;
      const r = await runAction('pull_request', forkPr(), {});
      expect(r.code, r.stdout).toBe(0);
      expect(state.comments).toHaveLength(0);
      expect(state.checkRuns).toHaveLength(0);
      expect(r.stdout.match(/::warning::autoglm: the token cannot write/g)).toHaveLength(1);
      expect(r.summary).toContain('## Open-AutoGLM CI demo: ✅ pass');
      expect(r.outputs['comment-url']).toBeUndefined();
    });

    it('comment: never posts no comment but still the check run', async () => {
      const r = await runAction('pull_request', prOpened(), { comment: 'never' });
      expect(r.code).toBe(0);
      expect(state.comments).toHaveLength(0);
      expect(state.checkRuns).toHaveLength(1);
    });

    it('comment: on-change creates no comment while nothing changed', async () => {
      const r = await runAction('pull_request', prOpened(), { comment: 'on-change' });
      expect(r.code).toBe(0);
      expect(state.comments).toHaveLength(0);
    });

    it('a bad config writes the job summary and an error annotation at its line', async () => {
      const r = await runAction('pull_request', prOpened(), {}, (ws) => {
        const file = path.join(ws, 'autoglm.yml');
        writeFileSync(file, readFileSync(file, 'utf8').replace('batch_size: 16', 'batch_size: 16x'));
      });
      expect(r.code).toBe(2);
      expect(r.summary).toContain('## Open-AutoGLM CI: ❌ bad input');
      expect(r.summary).toMatch(
        /autoglm\.yml:11:17: models\\\[0\\\]\.batch\\_size: expected a positive integer/,
      );
      expect(r.stdout).toContain(
        '::error title=autoglm%3A bad input,file=autoglm.yml,line=11,col=17::models[0].batch_size: expected a positive integer',
      );
    });

    it('120 uncovered ranges make three annotation requests', async () => {
      const doc = stageOne({
        coverage: {
          inputs: [],
          totals: {
            lines: { covered: 0, total: 240 },
            statements: { covered: 0, total: 240 },
            functions: { covered: 0, total: 1 },
            branches: { covered: 0, total: 0 },
          },
          files: [],
          ignored: { count: 0, files: [] },
          patch: {
            base: 'master',
            mergeBase: 'a'.repeat(40),
            head: HEAD,
            lines: { covered: 0, total: 240 },
            files: [
              {
                path: 'src/big.ts',
                covered: 0,
                total: 240,
                uncovered: Array.from({ length: 120 }, (_, i) => ({ start: 2 * i + 1, end: 2 * i + 1 })),
              },
            ],
            notInReport: [],
          },
          notices: [],
        },
      });
      const r = await publishWith(doc);
      expect(r.stdout).not.toContain('could not post');
      const checkRequests = gh.requests.filter((q) => q.route.startsWith('/repos/{owner}/{repo}/check-runs'));
      expect(checkRequests.map((q) => q.method)).toEqual(['POST', 'PATCH', 'PATCH']);
      const sizes = checkRequests.map(
        (q) => (q.body as { output: { annotations?: unknown[] } }).output.annotations?.length,
      );
      expect(sizes).toEqual([50, 50, 21]);
      const run = state.checkRuns[0];
      expect(run?.output.annotations).toHaveLength(121);
      expect(run?.output.annotations[0]).toMatchObject({
        path: 'autoglm.yml',
        start_line: 4,
        annotation_level: 'failure',
      });
      expect(run?.output.annotations[1]).toMatchObject({
        path: 'src/big.ts',
        start_line: 1,
        end_line: 1,
        annotation_level: 'warning',
      });
      expect(run?.conclusion).toBe('failure');
      expect(r.code).toBe(1);
    });

    it('a 200 KB report is cut to the budget with the verdict and the worst regression intact', async () => {
      const many = Array.from({ length: 1500 }, (_, i) =>
        finding({
          model: `model-${String(i).padStart(4, '0')}-${'x'.repeat(60)}`,
          severity: i === 0 ? 5 : 3,
        }),
      );
      const doc = stageOne({ comparison: { notes: [], findings: many, outcome: 'regression' } });
      const r = await publishWith(doc);
      const body = stickies()[0]?.body as string;
      expect(r.summary.length).toBeGreaterThan(200_000);
      expect(body.length).toBeLessThanOrEqual(65_000);
      expect(body).toContain('## Open-AutoGLM CI: ❌ regression');
      expect(body).toContain('**1500 regressions** against the baseline');
      expect(body).toContain(`\`model-0000-${'x'.repeat(60)}\``);
      expect(body).toContain('… and 1400 more in the full report.');
      expect(state.checkRuns[0]?.output.summary?.length).toBeLessThanOrEqual(65_535);
    });

    it('retries injected 500s and 429s', async () => {
      state.faults.set('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', [500]);
      state.faults.set('POST /repos/{owner}/{repo}/check-runs', [429]);
      const r = await publishWith(stageOne());
      expect(r.stdout).not.toContain('could not post');
      expect(stickies()).toHaveLength(1);
      expect(state.checkRuns).toHaveLength(1);
      expect(gh.requests.filter((q) => q.method === 'POST' && q.route.endsWith('/comments'))).toHaveLength(2);
      expect(gh.requests.filter((q) => q.method === 'POST' && q.route.endsWith('/check-runs'))).toHaveLength(
        2,
      );
    });

    it('@someone and <script> in a model name come out inert', async () => {
      const evil = '@someone <script>alert(1)</script> #12';
      const doc = stageOne({
        suites: [suite([model(evil, { accuracy: 0.85 })])],
        comparison: { notes: [], findings: [finding({ model: evil })], outcome: 'regression' },
      });
      await publishWith(doc);
      const body = stickies()[0]?.body as string;
      expect(body).not.toContain('@someone');
      expect(body).toContain('@\u2060someone');
      expect(outsideCode(body)).not.toContain('<script>');
      expect(outsideCode(state.checkRuns[0]?.output.summary ?? '')).not.toContain('<script>');
    });

    it('rejects a stage-one artifact that is not a results document', async () => {
      const bad = { ...stageOne(), verdict: 'fine' } as unknown as Results;
      const r = await publishWith(bad);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('is not a valid results document: verdict');
      expect(state.comments).toHaveLength(0);
    });

    it('the two stages run end to end with an artifact passed between them', async () => {
      const one = await runAction('pull_request', forkPr(), { mode: 'analyze' });
      expect(one.code, one.stdout).toBe(0);
      expect(gh.requests.filter((q) => q.method !== 'GET')).toEqual([]);
      const uploaded = readFileSync(one.outputs['results-path'] as string, 'utf8');
      state.artifacts.set(555, [
        {
          id: 5550,
          name: 'autoglm-results',
          zip: zipSync({ 'autoglm-results.json': new TextEncoder().encode(uploaded) }),
        },
      ]);
      state.pulls.push({ number: 2, head: { sha: HEAD, ref: 'changes' }, state: 'open' });
      const two = await runAction(
        'workflow_run',
        workflowRun(555),
        { mode: 'publish' },
        undefined,
        tempDir(),
      );
      expect(two.code, two.stdout).toBe(0);
      expect(stickies()).toHaveLength(1);
      expect(stickies()[0]?.body).toContain('## Open-AutoGLM CI demo: ✅ pass');
      expect(stickies()[0]?.body).toContain(
        '[the full report](https://github.com/Codertocat/Hello-World/actions/runs/555)',
      );
      expect(state.checkRuns[0]).toMatchObject({ head_sha: HEAD, conclusion: 'success' });
      expect(two.outputs.verdict).toBe('pass');
    });

    it('/autoglm accept from a reader is refused; from a writer it turns the check green', async () => {
      const published = await publishWith(stageOne());
      expect(published.code).toBe(1);
      expect(state.checkRuns[0]?.conclusion).toBe('failure');
      const comment = (login: string, body: string) => {
        const p = webhookExample('issue_comment', 'created') as {
          issue: Record<string, unknown>;
          comment: Record<string, unknown>;
        };
        p.issue.number = 2;
        p.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/2' };
        p.comment.body = body;
        p.comment.user = { login, type: 'User' };
        return p;
      };
      state.permissions.set('reader', 'read');
      state.permissions.set('maintainer', 'write');
      const refused = await runAction(
        'issue_comment',
        comment('reader', '/autoglm accept accuracy'),
        {},
        undefined,
        tempDir(),
      );
      expect(refused.code, refused.stdout).toBe(0);
      expect(botComments().at(-1)?.body).toContain(
        'only collaborators with write permission can accept a regression',
      );
      expect(state.checkRuns).toHaveLength(1);
      const accepted = await runAction(
        'issue_comment',
        comment('maintainer', 'LGTM\n/autoglm accept accuracy expected: new tokenizer'),
        {},
        undefined,
        tempDir(),
      );
      expect(accepted.code, accepted.stdout).toBe(0);
      expect(state.checkRuns).toHaveLength(2);
      expect(state.checkRuns[1]).toMatchObject({ head_sha: HEAD, conclusion: 'success' });
      const body = stickies()[0]?.body as string;
      expect(body).toContain('## Open-AutoGLM CI: ✅ pass');
      expect(body).toContain('### Accepted for this pull request');
      expect(body).toContain('`accuracy` accepted by `@\u2060maintainer`');
      expect(body).toContain('expected: new tokenizer');
      expect(botComments().at(-1)?.body).toContain('accepted `m accuracy` for this pull request');
      // A later publish of the same PR keeps the waiver: it lives in our comment.
      const again = await publishWith(stageOne(), 78);
      expect(again.code).toBe(0);
      expect(state.checkRuns.at(-1)?.conclusion).toBe('success');
    });

    it('/autoglm rerun from a writer re-runs the run that produced the report', async () => {
      await publishWith(stageOne(), 91);
      state.permissions.set('maintainer', 'admin');
      const p = webhookExample('issue_comment', 'created') as {
        issue: Record<string, unknown>;
        comment: Record<string, unknown>;
      };
      p.issue.number = 2;
      p.issue.pull_request = { url: 'x' };
      p.comment.body = '/autoglm rerun';
      p.comment.user = { login: 'maintainer', type: 'User' };
      const r = await runAction('issue_comment', p, {}, undefined, tempDir());
      expect(r.code, r.stdout).toBe(0);
      expect(state.reruns).toEqual([91]);
    });
  },
);
