import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli/main.js';
import { parseConfig } from '../src/config/load.js';
import { detectEndpoints, pointerOf, readEnvExample } from '../src/init/endpoints.js';
import { type FakeServer, startFakeOpenAI } from './fake-openai-server.js';
import { DEMO, FIXTURE_MODELS, runCli, runCliAsync, tempDir } from './helpers.js';

/** A key value in the fixtures' .env.example, which init must never copy. */
const EXAMPLE_KEY = 'sk-example-0123456789abcdef';

/** Fixture repositories of each kind, built in a temp folder from checked-in models and inline sources. */
function onnxProject(): string {
  const dir = tempDir('autoglm-init-onnx-');
  cpSync(path.join(DEMO, 'models'), path.join(dir, 'models'), { recursive: true });
  cpSync(path.join(FIXTURE_MODELS, 'two-inputs.onnx'), path.join(dir, 'models', 'two-inputs.onnx'));
  cpSync(path.join(FIXTURE_MODELS, 'not-a-model.onnx'), path.join(dir, 'models', 'not-a-model.onnx'));
  return dir;
}

function tsLibrary(): string {
  const dir = tempDir('autoglm-init-ts-');
  writeFileSync(
    path.join(dir, 'package.json'),
    '{"name": "fixture-ts", "version": "1.0.0", "type": "module"}\n',
  );
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(
    path.join(dir, 'src', 'clamp.ts'),
    'export function clamp(x: number, lo: number, hi: number): number {\n  if (x < lo) return lo;\n  if (x > hi) return hi;\n  return x;\n}\n',
  );
  return dir;
}

/** A promptfoo project: a local OpenAI-compatible server (vLLM-style), its tests in a file, an env example. */
function endpointProject(serverUrl: string): string {
  const dir = tempDir('autoglm-init-endpoint-');
  writeFileSync(
    path.join(dir, 'promptfooconfig.yaml'),
    `description: support bot
prompts:
  - 'Answer briefly: {{question}}'
providers:
  - id: openai:chat:qwen2.5-7b-instruct
    label: local-qwen
    config:
      apiBaseUrl: ${serverUrl}/v1
      apiKeyEnvar: LOCAL_LLM_KEY
      temperature: 0
  - id: anthropic:messages:claude-sonnet-4
tests: file://tests/cases.yaml
`,
  );
  mkdirSync(path.join(dir, 'tests'));
  writeFileSync(
    path.join(dir, 'tests', 'cases.yaml'),
    "- vars: {question: 'What is 2+2?'}\n  assert:\n    - {type: icontains, value: '2+2'}\n- vars: {question: 'Name a colour'}\n  assert:\n    - {type: icontains, value: colour}\n",
  );
  writeFileSync(path.join(dir, '.env.example'), `OPENAI_API_KEY=${EXAMPLE_KEY}\n`);
  return dir;
}

/** An ONNX model, JS sources and node:test tests (coverage through NODE_V8_COVERAGE), on GitLab. */
function mixedProject(): string {
  const dir = tempDir('autoglm-init-mix-');
  writeFileSync(
    path.join(dir, 'package.json'),
    '{"name": "fixture-mix", "version": "1.0.0", "type": "module", "scripts": {"test": "node --test test/"}}\n',
  );
  mkdirSync(path.join(dir, 'src'));
  mkdirSync(path.join(dir, 'test'));
  mkdirSync(path.join(dir, 'model'));
  cpSync(path.join(DEMO, 'models', 'digits-v1.onnx'), path.join(dir, 'model', 'digits.onnx'));
  writeFileSync(
    path.join(dir, 'src', 'grade.js'),
    "export function grade(score) {\n  if (score >= 90) return 'A';\n  if (score >= 75) return 'B';\n  return 'C';\n}\n",
  );
  writeFileSync(
    path.join(dir, 'test', 'grade.test.js'),
    "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { grade } from '../src/grade.js';\ntest('grade', () => assert.equal(grade(95), 'A'));\n",
  );
  spawnSync('git', ['init', '-q'], { cwd: dir });
  spawnSync('git', ['remote', 'add', 'origin', 'https://gitlab.example.com/team/mix.git'], { cwd: dir });
  return dir;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

/** The mix plus an LLM: a promptfoo config with inline tests, the server's URL in .env.example. */
function mixedWithLlm(serverUrl: string): string {
  const dir = mixedProject();
  writeFileSync(
    path.join(dir, '.env.example'),
    `# copy to .env\nOPENAI_BASE_URL=${serverUrl}/v1\nOPENAI_API_KEY=${EXAMPLE_KEY}\n`,
  );
  writeFileSync(
    path.join(dir, 'promptfooconfig.yaml'),
    "prompts: ['{{text}}']\nproviders: [openai:chat:gpt-4o-mini]\ntests:\n  - vars: {text: 'grade 95'}\n    assert:\n      - {type: contains, value: '95'}\n",
  );
  return dir;
}

/** `autoglm run` as the written workflow runs it: the test command first when coverage is gated. */
function runAsWorkflow(dir: string, testCommand?: string) {
  if (testCommand) {
    const t = spawnSync('sh', ['-c', testCommand], { cwd: dir, encoding: 'utf8' });
    expect(t.status, t.stderr).toBe(0);
  }
  return runCli(['run'], dir);
}

describe('autoglm init in fresh repositories', () => {
  it('ONNX project: real input signatures, a GitHub workflow, and autoglm run passes', () => {
    const dir = onnxProject();
    const r = runCli(['init'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('left out models/not-a-model.onnx');
    const { config } = parseConfig(read(dir, 'autoglm.yml'), 'autoglm.yml', dir);
    expect(config.models.map((m) => m.name)).toEqual(['digits-v1', 'digits-v2', 'two-inputs']);
    const specs = config.suites.map((s) =>
      typeof s.dataset === 'object' && 'synthetic' in s.dataset ? s.dataset.synthetic.inputs : [],
    );
    expect(specs).toEqual([['pixels:float32[1,64]'], ['a:float32[1,3]', 'b:float32[1,3]']]);
    expect(read(dir, 'autoglm.yml')).not.toContain('INPUT_NAME');
    const wf = parse(read(dir, '.github/workflows/autoglm.yml'));
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request']);
    expect(wf.jobs.autoglm.steps.at(-1).uses).toMatch(/^open-autoglm\/open-autoglm-ci@/);
    const run = runAsWorkflow(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Verdict: pass');
  });

  it('TS library: test generation for its sources, and autoglm run passes', () => {
    const dir = tsLibrary();
    const r = runCli(['init'], dir);
    expect(r.code, r.stderr).toBe(0);
    const { config } = parseConfig(read(dir, 'autoglm.yml'), 'autoglm.yml', dir);
    expect(config.models).toEqual([]);
    expect(config.testgen?.targets).toEqual(['src/**/*.ts']);
    const run = runAsWorkflow(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Verdict: pass');
    expect(existsSync(path.join(dir, 'test', 'generated', 'src', 'clamp.test.ts'))).toBe(true);
  }, 120_000);

  it('a mix on GitLab: model, sources and coverage; a .gitlab-ci.yml that runs the tests first', () => {
    const dir = mixedProject();
    const r = runCli(['init'], dir);
    expect(r.code, r.stderr).toBe(0);
    const { config } = parseConfig(read(dir, 'autoglm.yml'), 'autoglm.yml', dir);
    expect(config.models.map((m) => [m.name, m.path, m.quantize])).toEqual([
      ['digits', 'model/digits.onnx', true],
    ]);
    expect(config.coverage?.files).toEqual(['coverage/v8']);
    expect(config.testgen?.targets).toEqual(['src/**/*.js']);
    expect(existsSync(path.join(dir, '.github'))).toBe(false);
    const ci = parse(read(dir, '.gitlab-ci.yml'));
    expect(ci.include[0].component).toContain('open-autoglm-ci/autoglm@');
    expect(ci.include[0].inputs.stage).toBe('autoglm');
    const testCommand = ci.tests.script.at(-1);
    expect(testCommand).toBe('NODE_V8_COVERAGE=coverage/v8 npm test');
    const run = runAsWorkflow(dir, testCommand);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Coverage of 1 file');
    expect(run.stdout).toContain('Verdict: pass');
  }, 120_000);

  describe('with an LLM endpoint (loopback OpenAI-compatible server)', () => {
    let server: FakeServer;
    beforeAll(async () => {
      server = await startFakeOpenAI();
    });
    afterAll(() => server.close());

    it('endpoint project: promptfoo providers become endpoint models, its tests the suite; run passes', async () => {
      const dir = endpointProject(server.url);
      const r = runCli(['init'], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        'left out promptfooconfig.yaml providers[1] (anthropic:messages:claude-sonnet-4)',
      );
      const text = read(dir, 'autoglm.yml');
      expect(text).not.toContain(EXAMPLE_KEY);
      const { config } = parseConfig(text, 'autoglm.yml', dir);
      expect(config.models).toMatchObject([
        {
          name: 'local-qwen',
          endpoint: `${server.url}/v1`,
          profile: 'openai',
          api_key_env: 'LOCAL_LLM_KEY',
          params: { model: 'qwen2.5-7b-instruct', temperature: 0 },
        },
      ]);
      expect(config.suites).toMatchObject([{ name: 'llm', cases: 'promptfooconfig.yaml' }]);
      expect(r.stderr).toContain('record cassettes locally');
      const wf = parse(read(dir, '.github/workflows/autoglm.yml'));
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
      expect(wf.jobs.autoglm.steps.at(-1).env).toEqual({ LOCAL_LLM_KEY: '${{ secrets.LOCAL_LLM_KEY }}' });
      const before = server.log.length;
      const run = await runCliAsync(['run'], dir, { LOCAL_LLM_KEY: 'sk-local-test-key-1234' });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^local-qwen\s+100\.0%\s+2\/2\s/m);
      expect(run.stdout).toContain('Verdict: pass');
      const asked = server.log.slice(before);
      expect(asked.map((q) => q.body.model)).toEqual(['qwen2.5-7b-instruct', 'qwen2.5-7b-instruct']);
      expect(asked[0]?.headers.authorization).toBe('Bearer sk-local-test-key-1234');
    }, 60_000);

    it('a mix with an LLM: ONNX model, sources, coverage and the .env.example endpoint; run passes', async () => {
      const dir = mixedWithLlm(server.url);
      const r = runCli(['init'], dir);
      expect(r.code, r.stderr).toBe(0);
      const text = read(dir, 'autoglm.yml');
      expect(text).not.toContain(EXAMPLE_KEY);
      const { config } = parseConfig(text, 'autoglm.yml', dir);
      expect(config.models.map((m) => [m.name, m.endpoint ?? m.path, m.api_key_env])).toEqual([
        ['digits', 'model/digits.onnx', undefined],
        ['gpt-4o-mini', `${server.url}/v1`, 'OPENAI_API_KEY'],
      ]);
      expect(config.suites.map((s) => s.name)).toEqual(['latency', 'llm']);
      expect(config.coverage?.files).toEqual(['coverage/v8']);
      const ci = read(dir, '.gitlab-ci.yml');
      expect(ci).toContain(
        'read these masked CI/CD variables (Settings > CI/CD > Variables): OPENAI_API_KEY.',
      );
      const testCommand = parse(ci).tests.script.at(-1);
      const t = spawnSync('sh', ['-c', testCommand], { cwd: dir, encoding: 'utf8' });
      expect(t.status, t.stderr).toBe(0);
      const run = await runCliAsync(['run'], dir, { OPENAI_API_KEY: 'sk-mix-test-key-5678' });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^gpt-4o-mini\s+100\.0%\s+1\/1\s/m);
      expect(run.stdout).toContain('Coverage of 1 file');
      expect(run.stdout).toContain('Verdict: pass');
    }, 120_000);
  });

  it('an empty folder: says there is nothing to evaluate and writes nothing', () => {
    const dir = tempDir('autoglm-init-empty-');
    const r = runCli(['init'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to evaluate here');
    expect(existsSync(path.join(dir, 'autoglm.yml'))).toBe(false);
  });

  it('never overwrites without --force, and names what exists', () => {
    const dir = onnxProject();
    writeFileSync(path.join(dir, 'autoglm.yml'), '# mine\n');
    const again = runCli(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('autoglm: error: autoglm.yml already exists');
    expect(again.stderr).toContain('hint: pass --force to overwrite');
    expect(read(dir, 'autoglm.yml')).toBe('# mine\n');
    expect(existsSync(path.join(dir, '.github'))).toBe(false);
    expect(runCli(['init', '--force'], dir).code).toBe(0);
    expect(read(dir, 'autoglm.yml')).toContain('digits-v1');
  });

  it('asks on a terminal: the answers decide the platform and the sections', async () => {
    const dir = tsLibrary();
    const questions: string[] = [];
    const answers = ['gitlab', 'n'];
    let out = '';
    const code = await main(['init'], {
      cwd: dir,
      env: {},
      stdout: (s) => {
        out += s;
      },
      stderr: () => {},
      ask: async (q) => {
        questions.push(q);
        return answers.shift() ?? '';
      },
    });
    // Declining test generation leaves nothing to evaluate in a library without tests.
    expect(questions[0]).toContain('github or gitlab');
    expect(questions[1]).toContain('Generate unit tests for the 1 JS/TS source files');
    expect(code).toBe(2);
    expect(out).toBe('');
  });
});

describe('autoglm inspect', () => {
  it('prints inputs, outputs, opset, size and the int8 saving of a model', () => {
    const dir = tempDir();
    const r = runCli(['inspect', path.join(DEMO, 'models', 'digits-v1.onnx'), '--json', 'out.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const [info] = JSON.parse(read(dir, 'out.json'));
    expect(info.inputs).toEqual([{ name: 'pixels', dtype: 'float32', shape: ['batch', 64] }]);
    expect(info.opsets).toEqual([{ domain: 'ai.onnx', version: 13 }]);
    expect(r.stdout).toContain('ai.onnx opset 13');
    expect(r.stdout).toMatch(/pixels\s+float32\s+\[batch, 64\]/);
    expect(r.stdout).toMatch(/logits\s+float32\s+\[batch, 10\]/);
    expect(r.stdout).toContain(
      '2 float32 weights can be stored as int8 (quantize: true): 38.1 KiB -> 11.4 KiB',
    );
    expect(r.stdout).toContain('["pixels:float32[1,64]"]');
  });

  it('names a file that is not a model, with exit code 2', () => {
    const r = runCli(['inspect', path.join(FIXTURE_MODELS, 'not-a-model.onnx')], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not-a-model.onnx is not a valid ONNX model');
  });
});

describe('endpoint configs init reads', () => {
  it('an env example gives the base URL and the key variable name, never a key value', () => {
    const env = readEnvExample(
      `# local server\nexport OPENAI_BASE_URL="http://localhost:8000/v1"\nOPENAI_API_KEY=${EXAMPLE_KEY}\n`,
      '.env.example',
    );
    expect(env).toEqual({
      file: '.env.example',
      baseUrl: 'http://localhost:8000/v1',
      baseUrlVar: 'OPENAI_BASE_URL',
      keyVar: 'OPENAI_API_KEY',
    });
    expect(JSON.stringify(env)).not.toContain(EXAMPLE_KEY);
  });

  it("promptfoo's simple transformResponse paths become JSON pointers; code does not", () => {
    expect(pointerOf('json.choices[0].message.content')).toBe('/choices/0/message/content');
    expect(pointerOf("json['output'].text")).toBe('/output/text');
    expect(pointerOf('json.output.map((x) => x.text).join("")')).toBeUndefined();
  });

  it('ollama and HTTP providers map to their profile and api; a code transform is left out with a reason', () => {
    const dir = tempDir('autoglm-init-providers-');
    writeFileSync(
      path.join(dir, 'promptfooconfig.yaml'),
      `providers:
  - ollama:chat:qwen2.5:0.5b
  - id: https://api.example.com/generate
    label: house-model
    config:
      method: POST
      body: {input: '{{prompt}}'}
      transformResponse: json.output.text
  - id: https://api.example.com/other
    config: {body: {q: '{{prompt}}'}, transformResponse: 'json.items.map((i) => i.t).join()'}
tests:
  - vars: {prompt: hi}
`,
    );
    const found = detectEndpoints(dir, ['promptfooconfig.yaml']);
    expect(found.endpoints.map(({ from: _from, ...e }) => e)).toEqual([
      {
        name: 'qwen2.5-0.5b',
        endpoint: 'http://localhost:11434',
        profile: 'ollama',
        params: { model: 'qwen2.5:0.5b' },
      },
      {
        name: 'house-model',
        endpoint: 'https://api.example.com/generate',
        profile: 'openai',
        api: 'http',
        request: { input: '{{prompt}}' },
        response: '/output/text',
      },
    ]);
    expect(found.cases).toBe('promptfooconfig.yaml');
    expect(found.notes.join('\n')).toContain(
      'providers[2] (https://api.example.com/other): an HTTP provider needs',
    );
    expect(found.notes.join('\n')).toContain('model qwen2.5-0.5b calls http://localhost:11434');
  });
});
