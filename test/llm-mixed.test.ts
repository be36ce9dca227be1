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

describe('a dataset suite with ONNX and endpoint models', () => {
  it('asks an api: http endpoint with each row beside the ONNX model; lists a prompt endpoint as not run', async () => {
    const { ModelRegistry } = await import('../src/inference/registry.js');
    const { runSuites } = await import('../src/pipeline/evals.js');
    const { renderTerminal } = await import('../src/report/terminal.js');
    const { renderSuites } = await import('../src/report/suites.js');
    // The "served" model answers the sum of the features: exactly the expected value.
    const server = await startFakeOpenAI({
      respond: (b) => ({ content: String((b.prompt as number[]).reduce((x, y) => x + y, 0)) }),
    });
    try {
      const dir = tempDir();
      writeFileSync(
        path.join(dir, 'rows.jsonl'),
        '{"features": [1, 2, 3, 4, 5], "expected": 15}\n{"features": [0, 0, 0, 0, 0], "expected": 0}\n{"features": [2, 2, 2, 2, 2], "expected": 10}\n',
      );
      const registry = new ModelRegistry();
      registry.register('reg', {
        path: path.join(FIXTURE_MODELS, 'regression.onnx'),
        adapter: 'regression',
        capabilities: ['score'],
        warmup: 0,
      });
      registry.register('served', {
        endpoint: `${server.url}/v1/completions`,
        api: 'http',
        request: { prompt: '{{vars.features}}', max_tokens: 8 },
        response: '/choices/0/text',
        adapter: 'regression',
        capabilities: ['score'],
      });
      registry.register('chatty', { endpoint: 'http://model.invalid:1', capabilities: ['score'] });
      const results = await runSuites(
        { registry, suites: [{ name: 'rows', dataset: 'rows.jsonl', capabilities: ['score'] }], dir },
        { cwd: dir, llm: { cache: false } },
      );
      const suite = results.suites[0];
      expect(suite?.models.map((m) => [m.name, m.endpoint, m.adapter])).toEqual([
        ['reg', undefined, 'regression'],
        ['served', `${server.url}/v1/completions`, 'regression'],
      ]);
      const served = suite?.models[1];
      expect(served?.samples.map((x) => x.prediction)).toEqual([15, 0, 10]);
      expect(served?.metrics.mae).toBe(0);
      expect(suite?.models[0]?.metrics.mae).toBeGreaterThan(0);
      expect(served?.metrics).not.toHaveProperty('sizeBytes');
      expect(server.log.map((e) => e.body.prompt)).toEqual([
        [1, 2, 3, 4, 5],
        [0, 0, 0, 0, 0],
        [2, 2, 2, 2, 2],
      ]);
      expect(suite?.excluded).toEqual([
        {
          model: 'chatty',
          reason:
            'an endpoint asked with prompts (api: openai); give a suite cases: to evaluate it, or serve the tensor model behind api: http with a request template that takes the row',
        },
      ]);
      const text = renderTerminal(results);
      expect(text).toMatch(/^served\s+[\d.]+ ms\s+[\d.]+ ms\s+0\s+0\s+n\/a\s+n\/a\s+[\d.]+\/s\s+n\/a$/m);
      expect(text).toContain('Not run in this suite: chatty, an endpoint asked with prompts (api: openai);');
      expect(renderSuites(results).join('\n')).toContain(`\`served\`: p50 `);
      await expect(
        runSuites(
          { registry, suites: [{ name: 'rows', dataset: 'rows.jsonl', models: ['chatty'] }], dir },
          { cwd: dir },
        ),
      ).rejects.toThrow(
        'suites[0] (rows): model "chatty" cannot run in a dataset suite: it is an endpoint asked with prompts',
      );
    } finally {
      await server.close();
    }
  });
});

describe('a dataset suite with an api: http endpoint (built CLI)', () => {
  it('shows the endpoint beside the ONNX model in one table, n/a where nothing was measured', async () => {
    const server = await startFakeOpenAI({
      respond: (b) => ({ content: String((b.prompt as number[]).reduce((x, y) => x + y, 0)) }),
    });
    try {
      const dir = tempDir();
      writeFileSync(
        path.join(dir, 'rows.jsonl'),
        '{"features": [1, 2, 3, 4, 5], "expected": 15}\n{"features": [2, 2, 2, 2, 2], "expected": 10}\n',
      );
      writeFileSync(
        path.join(dir, 'autoglm.yml'),
        `models:
  - { name: reg, path: ${path.join(FIXTURE_MODELS, 'regression.onnx')}, adapter: regression, capabilities: [score] }
  - name: served
    endpoint: ${server.url}/v1/completions
    api: http
    request: { prompt: '{{vars.features}}' }
    response: /choices/0/text
    adapter: regression
    capabilities: [score]
  - { name: chatty, endpoint: 'http://model.invalid:1', capabilities: [score] }
suites:
  - { name: rows, dataset: rows.jsonl, capabilities: [score] }
`,
      );
      const r = await runCliAsync(['eval', '--no-cache'], dir);
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^reg\s+[\d.]+ [µm]s\s+[\d.]+ [µm]s\s+[\d.]+\s+[\d.]+\s+[\d.]+ [KM]iB\s+\d+ B\s+/m,
      );
      expect(r.stdout).toMatch(/^served\s+[\d.]+ ms\s+[\d.]+ ms\s+0\s+0\s+n\/a\s+n\/a\s+[\d.]+\/s\s+n\/a$/m);
      expect(r.stdout).toContain(
        'Not run in this suite: chatty, an endpoint asked with prompts (api: openai);',
      );
      const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
      expect(results.suites[0].models[1]).toMatchObject({
        name: 'served',
        endpoint: `${server.url}/v1/completions`,
        metrics: { mae: 0 },
      });
      expect(server.log).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
