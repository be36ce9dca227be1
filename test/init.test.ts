import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli/main.js';
import { parseConfig } from '../src/config/load.js';
import { DEMO, FIXTURE_MODELS, runCli, tempDir } from './helpers.js';

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
