import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeOpenAI } from './fake-openai-server.js';
import { FIXTURE_MODELS, runCli, runCliAsync, tempDir } from './helpers.js';

/**
 * One suite, endpoint and ONNX models together, through the built CLI: the chat endpoint (the
 * loopback server) and a local ONNX text classifier answer the same cases side by side; a local
 * ONNX embedding model (tokenizer.json) scores `similar`; an ONNX tensor model the capabilities
 * also select is listed as not run, with the reason.
 */
const CASES = `
- description: great food
  vars: { text: The food was great }
  assert: [{ type: icontains, value: positive }]
- description: awful service
  vars: { text: The service was awful }
  assert: [{ type: icontains, value: negative }]
- description: describe the dog
  vars: { text: Describe the dog in three words }
  assert: [{ type: similar, value: a big dog, threshold: 0.9 }]
- description: good movie
  vars: { text: It is a good movie }
  assert: [{ type: icontains, value: positive }]
- description: bad cat
  vars: { text: The cat was bad }
  assert: [{ type: icontains, value: negative }]
`;

const config = (endpoint: string, select = 'capabilities: [sentiment]') => `
models:
  - name: chat
    endpoint: ${endpoint}
    capabilities: [sentiment]
  - name: sentiment-onnx
    path: ${path.join(FIXTURE_MODELS, 'text-classifier.onnx')}
    tokenizer: ${path.join(FIXTURE_MODELS, 'text-tokenizer.json')}
    adapter: classifier
    labels: [positive, negative]
    capabilities: [sentiment]
  - name: mini-embed
    path: ${path.join(FIXTURE_MODELS, 'text-embedding.onnx')}
    tokenizer: ${path.join(FIXTURE_MODELS, 'text-tokenizer.json')}
    adapter: embedding
    capabilities: [sentiment]
  - name: vec
    path: ${path.join(FIXTURE_MODELS, 'embedding.onnx')}
    adapter: regression
    capabilities: [sentiment]
suites:
  - name: reviews
    cases: cases.yaml
    prompts: ['{{text}}']
    ${select}
`;

describe('a suite mixing endpoint and ONNX models (built CLI)', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAI({
      // Right on two reviews, wrong on "good movie", no sentiment for the cat; "a large dog" for the dog.
      respond: (b) => {
        const q = JSON.stringify(b.messages);
        if (/great/.test(q)) return { content: 'Positive.' };
        if (/awful|movie/.test(q)) return { content: 'Negative.' };
        return { content: 'A large dog.' };
      },
    });
  });
  afterAll(() => server.close());

  it('runs the endpoint and the ONNX classifier side by side; the ONNX embedding model scores similar', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'cases.yaml'), CASES);
    writeFileSync(path.join(dir, 'autoglm.yml'), config(server.url));
    const r = await runCliAsync(['eval', '--no-cache', '--json', 'summary.json'], dir);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'LLM suite reviews: 5 cases from cases.yaml x 2 models (1 endpoint, 1 local ONNX).',
    );
    // "A large dog." vs "a big dog": synonyms in the ONNX embedding model (cosine 1); the 3-gram
    // fallback would score 0.38 and fail the chat model's third case (2/5).
    expect(r.stdout).toMatch(/^chat\s+60\.0%\s+3\/5\s/m);
    expect(r.stdout).toMatch(
      /^sentiment-onnx\s+80\.0%\s+4\/5\s+[\d.]+ [µm]s\s+[\d.]+ [µm]s\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+[\d.]+ [KM]iB$/m,
    );
    expect(r.stdout).toContain('similar scored by embedding cosine (mini-embed, local ONNX model)');
    expect(r.stdout).toContain(
      'Not run in this suite: vec, an ONNX model that takes tensors, not text; give it a tokenizer (tokenizer.json) to run it on the cases.',
    );
    expect(r.stdout).toContain('Answers: 5 from the servers, 5 computed by local ONNX models; 0 retries');
    expect(server.log.filter((e) => e.url === '/v1/chat/completions')).toHaveLength(5);

    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    const suite = results.llm[0];
    expect(suite.excluded).toEqual([{ model: 'vec', reason: expect.stringContaining('tokenizer') }]);
    const onnx = suite.models.find((m: { name: string }) => m.name === 'sentiment-onnx');
    expect(onnx).toMatchObject({
      api: 'onnx',
      kind: 'classifier',
      path: expect.stringContaining('text-classifier.onnx'),
    });
    expect(onnx.cases.map((c: { runs: Array<{ output: string }> }) => c.runs[0]?.output)).toEqual([
      'positive',
      'negative',
      'positive',
      'positive',
      'negative',
    ]);
    const chat = suite.models.find((m: { name: string }) => m.name === 'chat');
    const dog = chat.cases.find((c: { id: string }) => c.id === 'describe the dog');
    expect(dog.runs[0].assertions[0].score).toBeCloseTo(1, 6);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.llm[0].models.map((m: { name: string }) => m.name)).toEqual(['chat', 'sentiment-onnx']);

    const md = readFileSync(path.join(dir, 'autoglm-report.md'), 'utf8');
    expect(md).toMatch(/\| `sentiment-onnx` \| 80\.0% \| 4\/5 \|/);
    expect(md).toContain('`sentiment-onnx` (local ONNX classifier');
  });

  it('names the model and the fix when models: asks for one that cannot read the cases', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'cases.yaml'), CASES);
    writeFileSync(path.join(dir, 'autoglm.yml'), config('http://model.invalid:1', 'models: [chat, vec]'));
    const r = runCli(['eval'], dir);
    expect(r.stderr).toContain(
      'suites[0] (reviews): model "vec" cannot run in an LLM suite (cases:): it is an ONNX model that takes tensors, not text; give it a tokenizer (tokenizer.json) to run it on the cases',
    );
    expect(r.code).toBe(2);
  });
});

describe('a dataset suite whose capabilities also select an endpoint model', () => {
  it('runs the ONNX models and lists the endpoint model as not run, with the reason', async () => {
    const { ModelRegistry } = await import('../src/inference/registry.js');
    const { runSuites } = await import('../src/pipeline/evals.js');
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'rows.jsonl'),
      '{"features": [1, 2, 3, 4, 5], "expected": 0.5}\n{"features": [0, 0, 0, 0, 0], "expected": 0.5}\n',
    );
    const registry = new ModelRegistry();
    registry.register('reg', {
      path: path.join(FIXTURE_MODELS, 'regression.onnx'),
      adapter: 'regression',
      capabilities: ['score'],
      warmup: 0,
    });
    registry.register('served', { endpoint: 'http://model.invalid:1', capabilities: ['score'] });
    const results = await runSuites(
      { registry, suites: [{ name: 'rows', dataset: 'rows.jsonl', capabilities: ['score'] }], dir },
      { cwd: dir },
    );
    expect(results.suites[0]?.models.map((m) => m.name)).toEqual(['reg']);
    expect(results.suites[0]?.excluded).toEqual([
      {
        model: 'served',
        reason:
          'an endpoint model; a dataset suite feeds tensor rows to ONNX models only, so give a suite cases: (prompts and assertions) to evaluate it',
      },
    ]);
    const { renderTerminal } = await import('../src/report/terminal.js');
    const { renderSuites } = await import('../src/report/suites.js');
    expect(renderTerminal(results)).toContain(
      'Not run in this suite: served, an endpoint model; a dataset suite',
    );
    expect(renderSuites(results).join('\n')).toContain('Not run in this suite: served, an endpoint model;');
    await expect(
      runSuites(
        { registry, suites: [{ name: 'rows', dataset: 'rows.jsonl', models: ['served'] }], dir },
        { cwd: dir },
      ),
    ).rejects.toThrow(
      'suites[0] (rows): model "served" cannot run in a dataset suite: it is an endpoint model;',
    );
  });
});
