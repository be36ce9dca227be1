import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteMarker } from '../src/platform/gitlab/note.js';
import type { Results } from '../src/results/schema.js';
import { FakeGitLab } from './fake-gitlab.js';
import { demoCopy, ROOT } from './helpers.js';

/**
 * The component as users include it (`include: component:` of this repository), run end to end
 * by gitlab-ci-local with the shell executor. The job runs `npx --package open-autoglm-ci@file:<repo>`
 * (the `version` input takes any npm spec), so it runs this checkout's built CLI, against a
 * loopback fake GitLab API that stands in for $CI_API_V4_URL.
 */

const GCL = path.join(ROOT, 'node_modules', '.bin', 'gitlab-ci-local');
const BOT = { id: 99, username: 'project_1217_bot' };
const HUMAN = { id: 7, username: 'reviewer' };
const MR_IID = 7;
const JOB = 'autoglm-eval';
const TIMEOUT = 240_000;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv }).trim();

const include = (inputs: Record<string, unknown>) =>
  [
    '  - component: $CI_SERVER_FQDN/acme/models/autoglm@$CI_COMMIT_SHA',
    '    inputs:',
    ...Object.entries(inputs).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
  ].join('\n');

/** gitlab-ci-local runs jobs that name an image in docker; a GitLab shell runner ignores `image:`. */
const shellOverride = (job: string) => `\n${job}:\n  image: ""\n`;

let fake: FakeGitLab;
let project: string;
let mainSha: string;

interface Gcl {
  code: number | null;
  out: string;
}

/** Runs gitlab-ci-local asynchronously: the fake API lives in this process and must keep answering. */
function gcl(vars: Record<string, string>, args: string[] = [], file = 'ci-local.yml'): Promise<Gcl> {
  const argv = [
    '--file',
    file,
    '--shell-executor-no-image',
    // The override above leaves an empty image, which the schema rejects; `.gitlab-ci.yml` itself is validated in the first test.
    ...(file === 'ci-local.yml' ? ['--json-schema-validation=false'] : []),
    '--color=false',
    ...Object.entries(vars).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
    ...args,
  ];
  return new Promise((resolve) => {
    execFile(
      GCL,
      argv,
      {
        cwd: project,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        timeout: TIMEOUT,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours from the log
        resolve({ code, out: `${stdout}${stderr}`.replace(/\u001b\[[0-9;]*m/g, '') });
      },
    );
  });
}

const common = () => ({
  GITLAB_CI: 'true',
  CI_API_V4_URL: `${fake.url}/api/v4`,
  CI_JOB_TOKEN: fake.jobToken,
});

const mrVars = (extra: Record<string, string> = {}) => ({
  ...common(),
  CI_PIPELINE_SOURCE: 'merge_request_event',
  CI_MERGE_REQUEST_IID: String(MR_IID),
  CI_MERGE_REQUEST_PROJECT_ID: '1217',
  CI_MERGE_REQUEST_PROJECT_URL: 'https://gitlab.example.com/acme/models',
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature',
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
  CI_MERGE_REQUEST_DIFF_BASE_SHA: mainSha,
  ...extra,
});

const artifact = (job: string, file: string) =>
  readFileSync(path.join(project, '.gitlab-ci-local', 'artifacts', job, file), 'utf8');

const botNotes = () => fake.mrNotes(MR_IID).filter((n) => n.author.id === BOT.id);

beforeAll(async () => {
  // gitlab-ci-local copies the tracked files with rsync at every pipeline start.
  if (spawnSync('rsync', ['--version']).error) {
    throw new Error('gitlab-ci-local needs rsync: apt-get install rsync (.ci/run installs it)');
  }
  fake = new FakeGitLab('1217');
  fake.addToken('glpat-bot', BOT);
  await fake.start();
  // The demo project, plus a small JS project with its (real, c8-made) lcov report.
  project = demoCopy();
  mkdirSync(path.join(project, 'templates'));
  cpSync(path.join(ROOT, 'templates', 'autoglm.yml'), path.join(project, 'templates', 'autoglm.yml'));
  cpSync(path.join(ROOT, 'test/fixtures/coverage/sample-project/src'), path.join(project, 'src'), {
    recursive: true,
  });
  mkdirSync(path.join(project, 'coverage'));
  cpSync(
    path.join(ROOT, 'test/fixtures/coverage/full/lcov.info'),
    path.join(project, 'coverage', 'lcov.info'),
  );
  writeFileSync(
    path.join(project, 'autoglm.yml'),
    `${readFileSync(path.join(project, 'autoglm.yml'), 'utf8')}\ncoverage:\n  files: [coverage/lcov.info]\n`,
  );
  // A config whose model name is a quick action and a mention.
  writeFileSync(
    path.join(project, 'evil.yml'),
    [
      'models:',
      '  - name: "/merge @all"',
      '    path: models/digits-v1.onnx',
      '    adapter: classifier',
      '    labels: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]',
      'suites:',
      '  - name: "/approve"',
      '    dataset: data/eval.jsonl',
      '    models: ["/merge @all"]',
      '    metrics: [accuracy]',
      'gates:',
      '  accuracy: { min: 0.99, mode: warn }',
      'report:',
      '  title: "/close @all"',
      '',
    ].join('\n'),
  );
  const version = `file:${ROOT}`;
  writeFileSync(path.join(project, '.gitlab-ci.yml'), `include:\n${include({ version })}\n`);
  writeFileSync(
    path.join(project, 'ci-local.yml'),
    `include:\n${include({ version })}\n${include({ version, 'job-prefix': 'evil', config: 'evil.yml', 'token-variable': 'MR_BOT_TOKEN', baseline: 'none', 'fail-on': 'warning' })}\n${shellOverride(JOB)}${shellOverride('evil-eval')}`,
  );
  writeFileSync(
    path.join(project, 'ci-rules.yml'),
    `include:\n${include({ version, when: 'manual', rules: [{ if: '$AUTOGLM_SKIP == "yes"', when: 'never' }] })}\n`,
  );
  // `include: project:` and `include: remote:` read the same file with the same inputs; `local:` stands in for them offline.
  writeFileSync(
    path.join(project, 'ci-include.yml'),
    `include:\n  - local: templates/autoglm.yml\n    inputs:\n      job-prefix: models\n      stage: evaluate\nstages: [evaluate]\n`,
  );
  writeFileSync(path.join(project, '.gitignore'), '.gitlab-ci-local/\nautoglm-*\n.autoglm/\n');
  git(project, 'init', '--quiet', '--initial-branch=main');
  git(project, 'add', '.');
  git(project, 'commit', '--quiet', '-m', 'init');
  git(project, 'remote', 'add', 'origin', 'https://gitlab.example.com/acme/models.git');
  mainSha = git(project, 'rev-parse', 'HEAD');
}, TIMEOUT);

afterAll(() => fake?.stop());

describe('the GitLab component under gitlab-ci-local', () => {
  it('passes GitLab CI schema validation and picks its job by pipeline, rules and when inputs', async () => {
    const mr = await gcl(mrVars(), ['--list'], '.gitlab-ci.yml');
    expect(mr.code, mr.out).toBe(0);
    expect(mr.out).toMatch(/autoglm-eval\s+test\s+on_success/);
    // A branch pipeline with an open MR leaves the work to the MR pipeline.
    const dup = await gcl(
      { ...common(), CI_OPEN_MERGE_REQUESTS: 'acme/models!7' },
      ['--list'],
      '.gitlab-ci.yml',
    );
    expect(dup.code, dup.out).toBe(0);
    expect(dup.out).not.toContain('autoglm-eval');
    // The caller's rules come first; `when` applies to the component's own.
    const manual = await gcl(mrVars(), ['--list'], 'ci-rules.yml');
    expect(manual.code, manual.out).toBe(0);
    expect(manual.out).toMatch(/autoglm-eval\s+test\s+manual/);
    const skipped = await gcl(mrVars({ AUTOGLM_SKIP: 'yes' }), ['--list'], 'ci-rules.yml');
    expect(skipped.code, skipped.out).toBe(0);
    expect(skipped.out).not.toContain('autoglm-eval');
    const local = await gcl(mrVars(), ['--list'], 'ci-include.yml');
    expect(local.code, local.out).toBe(0);
    expect(local.out).toMatch(/models-eval\s+evaluate\s+on_success/);
  });

  it(
    'a branch pipeline on main runs the evals, writes the reports and saves the baseline',
    async () => {
      const run = await gcl({ ...common(), AUTOGLM_GITLAB_TOKEN: 'glpat-bot' }, [JOB]);
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain('saved this run as the baseline of main');
      // The coverage: regex read our log line.
      expect(run.out).toMatch(/PASS\s+autoglm-eval\s+69\.86% coverage/);
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /api/v4/projects/1217/jobs/artifacts/main/raw/autoglm-results.json',
        // The history for the noise band: no pipelines yet.
        'GET /api/v4/projects/1217/pipelines',
      ]);
      expect(fake.requests[0]).toMatchObject({ query: { job: JOB }, auth: 'PRIVATE-TOKEN glpat-bot' });

      const validate = new Ajv({ allErrors: true }).compile(
        JSON.parse(
          readFileSync(path.join(ROOT, 'test/fixtures/schemas/gitlab-codequality.schema.json'), 'utf8'),
        ),
      );
      const cq = JSON.parse(artifact(JOB, 'autoglm-reports/codequality.json'));
      expect(validate(cq), JSON.stringify(validate.errors)).toBe(true);
      const junit = artifact(JOB, 'autoglm-reports/junit.xml');
      expect(XMLValidator.validate(junit)).toBe(true);
      const cobertura = artifact(JOB, 'autoglm-reports/cobertura.xml');
      expect(XMLValidator.validate(cobertura)).toBe(true);
      const cov = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
        cobertura,
      ).coverage;
      expect(cov['lines-valid']).toBe('73');
      expect(cov['lines-covered']).toBe('51');
      expect(cov.sources.source).toBeTruthy();
      expect(artifact(JOB, 'autoglm-reports/autoglm.env')).toMatch(
        /^AUTOGLM_VERDICT=pass\nAUTOGLM_REGRESSIONS=0\n/,
      );
      expect(artifact(JOB, 'autoglm-reports/metrics.txt')).toContain(
        'autoglm_coverage_lines_percent 69.86\n',
      );

      // What GitLab keeps of this successful pipeline: the job's artifacts, served by the API.
      fake.addPipeline({
        ref: 'main',
        sha: mainSha,
        jobs: [
          {
            name: JOB,
            status: 'success',
            artifacts: { 'autoglm-results.json': artifact(JOB, 'autoglm-results.json') },
          },
        ],
      });
      fake.requests.length = 0;
    },
    TIMEOUT,
  );

  it(
    'a merge request pipeline compares with the merge-base run and posts one note, updated on rerun',
    async () => {
      git(project, 'checkout', '--quiet', '-b', 'feature');
      const math = path.join(project, 'src', 'math.js');
      writeFileSync(
        math,
        readFileSync(math, 'utf8').replace('return Number.NaN;', 'return Number.POSITIVE_INFINITY;'),
      );
      git(project, 'commit', '--quiet', '-am', 'divide by zero is infinite');
      for (let i = 0; i < 110; i++) fake.addNote(MR_IID, `review comment ${i}`, HUMAN);
      const marker = noteMarker(`autoglm:autoglm.yml`);
      const quote = fake.addNote(MR_IID, `> ${marker}\n> quoting the bot`, HUMAN);

      const first = await gcl(mrVars({ AUTOGLM_GITLAB_TOKEN: 'glpat-bot' }), [
        '--unset-variable',
        'CI_COMMIT_BRANCH',
        JOB,
      ]);
      expect(first.code, first.out).toBe(0);
      expect(first.out).toMatch(
        /MR note created: https:\/\/gitlab\.example\.com\/acme\/models\/-\/merge_requests\/7#note_\d+/,
      );
      const results = JSON.parse(artifact(JOB, 'autoglm-results.json')) as Results;
      expect(results.comparison?.baseline).toMatchObject({
        matched: 'merge-base',
        store: 'gitlab',
        sha: mainSha,
      });
      expect(botNotes()).toHaveLength(1);
      const note = botNotes()[0];
      expect(note?.body.startsWith(marker)).toBe(true);
      expect(note?.body.replace(/\u2060/g, '')).toContain(
        `pipeline ${fake.pipelines[0]?.id} (main @ ${mainSha.slice(0, 12)})`,
      );
      expect(fake.mrNotes(MR_IID).find((n) => n.id === quote.id)?.body).toBe(
        `> ${marker}\n> quoting the bot`,
      );
      // The changed, uncovered line is a Code Quality finding in the MR diff.
      const cq = JSON.parse(artifact(JOB, 'autoglm-reports/codequality.json'));
      expect(cq).toContainEqual(
        expect.objectContaining({
          check_name: 'autoglm.uncovered-changed-lines',
          location: { path: 'src/math.js', lines: { begin: 13 } },
        }),
      );
      const calls = fake.requests.map((r) => `${r.method} ${r.path}`);
      expect(calls).toContain('GET /api/v4/projects/1217/pipelines');
      expect(calls).toContain('GET /api/v4/user');
      expect(calls.filter((c) => c === 'POST /api/v4/projects/1217/merge_requests/7/notes')).toHaveLength(1);
      expect(fake.requests.every((r) => r.auth === 'PRIVATE-TOKEN glpat-bot')).toBe(true);
      const post = fake.requests.find((r) => r.method === 'POST');
      expect(Object.keys(post?.body as object)).toEqual(['body']);

      fake.requests.length = 0;
      const rerun = await gcl(mrVars({ AUTOGLM_GITLAB_TOKEN: 'glpat-bot' }), [
        '--unset-variable',
        'CI_COMMIT_BRANCH',
        JOB,
      ]);
      expect(rerun.code, rerun.out).toBe(0);
      expect(rerun.out).toMatch(/MR note (updated|unchanged)/);
      expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
      expect(botNotes()).toHaveLength(1);
      expect(botNotes()[0]?.id).toBe(note?.id);
      expect(fake.violations).toEqual([]);
      fake.requests.length = 0;
    },
    TIMEOUT,
  );

  it(
    'a model named "/merge @all" posts a note that runs no quick action and pings nobody, then fails the job',
    async () => {
      const run = await gcl(mrVars({ MR_BOT_TOKEN: 'glpat-bot' }), [
        '--unset-variable',
        'CI_COMMIT_BRANCH',
        'evil-eval',
      ]);
      // Its warn-mode gate fails and fail-on is warning: the job fails, after the note is posted.
      expect(run.code, run.out).toBe(1);
      expect(run.out).toMatch(/FAIL\s+evil-eval/);
      expect(artifact('evil-eval', 'autoglm-reports/autoglm.env')).toMatch(
        /^AUTOGLM_VERDICT=warning\n(.*\n)*AUTOGLM_EXIT_CODE=1\n/,
      );
      const evil = botNotes().find((n) => n.body.startsWith(noteMarker('evil:evil.yml')));
      expect(evil, run.out).toBeDefined();
      expect(evil?.body.replace(/\u2060/g, '')).toContain('/merge @all');
      expect(fake.quickActions).toEqual([]);
      expect(fake.mentions).toEqual([]);
      expect(botNotes()).toHaveLength(2);
      fake.requests.length = 0;
    },
    TIMEOUT,
  );

  it(
    'without a token the MR pipeline still reports, says in one line how to get the note, and compares with main',
    async () => {
      const run = await gcl(mrVars(), ['--unset-variable', 'CI_COMMIT_BRANCH', JOB]);
      expect(run.code, run.out).toBe(0);
      const hint = run.out.split('\n').filter((l) => l.includes('MR note not posted'));
      expect(hint).toHaveLength(1);
      expect(hint[0]).toContain('set the masked CI/CD variable AUTOGLM_GITLAB_TOKEN');
      expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      // CI_JOB_TOKEN reads the target branch's latest artifact.
      expect(fake.requests.map((r) => [r.path, r.auth])).toEqual([
        ['/api/v4/projects/1217/jobs/artifacts/main/raw/autoglm-results.json', `JOB-TOKEN ${fake.jobToken}`],
      ]);
      const results = JSON.parse(artifact(JOB, 'autoglm-results.json')) as Results;
      expect(results.comparison?.baseline?.matched).toBe('base-branch');
      expect(
        existsSync(path.join(project, '.gitlab-ci-local', 'artifacts', JOB, 'autoglm-reports', 'junit.xml')),
      ).toBe(true);
    },
    TIMEOUT,
  );
});
