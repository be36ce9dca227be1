import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare/compare.js';
import { parseConfig } from '../src/config/load.js';
import { loadCases } from '../src/evals/llm/cases.js';
import { runEvals } from '../src/pipeline/evals.js';
import type { LlmSettings } from '../src/pipeline/llm.js';
import { renderLlmMarkdown } from '../src/report/llm.js';
import { ResultsSchema } from '../src/results/schema.js';
import { type FakeOptions, type FakeServer, startFakeOpenAI } from './fake-openai-server.js';
import { ROOT, tempDir, usageError, usageErrorAsync } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'llm');
const servers: FakeServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function fake(options: FakeOptions = {}): Promise<FakeServer> {
  const s = await startFakeOpenAI(options);
  servers.push(s);
  return s;
}

/** Translations a good and a weaker fake model give to the getting-started prompts. */
const GOOD: Record<string, string> = { French: 'Bonjour le monde', Spanish: '¿Dónde está la biblioteca?' };
const userText = (b: Record<string, unknown>) =>
  ((b.messages as Array<{ content: string }> | undefined)?.at(-1)?.content ?? '') as string;

function project(config: string): string {
  const dir = tempDir('autoglm-llm-');
  cpSync(FIXTURES, path.join(dir, 'cases'), { recursive: true });
  writeFileSync(path.join(dir, 'autoglm.yml'), config);
  return dir;
}

async function run(dir: string, llm: LlmSettings = {}, env: NodeJS.ProcessEnv = {}) {
  const text = readFileSync(path.join(dir, 'autoglm.yml'), 'utf8');
  const loaded = parseConfig(text, 'autoglm.yml', dir);
  const logs: string[] = [];
  const results = await runEvals(loaded, { cwd: dir, env, llm, log: (m) => logs.push(m) });
  return { results: ResultsSchema.parse(results), logs, loaded };
}

const twoModels = (a: string, b: string) => `
models:
  - name: glm-4
    endpoint: ${a}
    profile: vllm
    capabilities: [text_gen, reasoning]
    price: { input: 1, output: 2 }
  - name: chatglm3
    endpoint: ${b}
    profile: ollama
    capabilities: [text_gen]
suites:
  - name: translate
    cases: cases/promptfoo-getting-started.yaml
    capabilities: [text_gen]
`;

describe('promptfoo test files', () => {
  it('imports promptfoo getting-started config as it is: prompts x tests, assertions', async () => {
    const set = await loadCases(path.join(FIXTURES, 'promptfoo-getting-started.yaml'), 'x.yaml');
    expect(set.prompts).toEqual([
      'Convert this English to {{language}}: {{input}}',
      'Translate to {{language}}: {{input}}',
    ]);
    expect(set.cases.map((c) => [c.id, c.assert.map((a) => a.type)])).toEqual([
      ['#1', ['contains']],
      ['#2', ['icontains']],
    ]);
  });

  it('reads CSV __expected columns and JSONL lines', async () => {
    const csv = await loadCases(path.join(FIXTURES, 'cases.csv'), 'cases.csv');
    expect(csv.cases.map((c) => [c.id, c.vars.question, c.assert])).toEqual([
      ['sum', 'What is 2+2?', [{ type: 'contains', value: '4', weight: 1 }]],
      [
        'colour',
        'Name a primary colour',
        [{ type: 'icontains-any', value: ['red', 'blue', 'yellow'], weight: 1 }],
      ],
      ['exact', 'Say hi', [{ type: 'equals', value: 'hi', weight: 1 }]],
    ]);
    const jsonl = await loadCases(path.join(FIXTURES, 'cases.jsonl'), 'cases.jsonl');
    expect(jsonl.cases.map((c) => c.id)).toEqual(['jsonl-1', '#2']);
  });

  it('expands list vars into one case per combination and resolves $ref assertion templates', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 't.yaml'),
      [
        'assertionTemplates:',
        '  polite: { type: not-icontains, value: sorry }',
        'tests:',
        '  - description: greet',
        '    vars: { language: [French, German], tone: warm }',
        "    assert: [{ $ref: '#/assertionTemplates/polite' }]",
        '',
      ].join('\n'),
    );
    const set = await loadCases(path.join(dir, 't.yaml'), 't.yaml');
    expect(set.cases.map((c) => [c.id, c.vars, c.assert])).toEqual([
      [
        'greet [language=French]',
        { language: 'French', tone: 'warm' },
        [{ type: 'not-icontains', value: 'sorry', weight: 1 }],
      ],
      [
        'greet [language=German]',
        { language: 'German', tone: 'warm' },
        [{ type: 'not-icontains', value: 'sorry', weight: 1 }],
      ],
    ]);
  });

  it('rejects an unknown assertion type with a suggestion and the place', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 't.yaml'),
      '- vars: {q: x}\n  assert:\n    - type: icontain\n      value: x\n',
    );
    const e = await usageErrorAsync(() => loadCases(path.join(dir, 't.yaml'), 't.yaml'));
    expect(e.message).toBe(
      't.yaml test 1 assert[0]: unknown assertion type "icontain"; did you mean "icontains"?',
    );
  });
});

describe('LLM suites end to end against loopback models', () => {
  it('scores two endpoint models side by side; records, then replays with no server and no key', async () => {
    const good = await fake({
      latencyMs: 5,
      metricsBytes: 512 * 1024 * 1024,
      respond: (b) => ({ content: GOOD[/to (\w+):/.exec(userText(b))?.[1] ?? ''] ?? '?' }),
    });
    const weak = await fake({
      respond: (b) => ({
        content: /French/.test(userText(b)) ? 'Bonjour le monde' : 'Donde esta la biblioteca',
      }),
    });
    const dir = project(twoModels(good.url, weak.url));
    const { results, logs } = await run(dir, { record: 'tapes' });
    const suite = results.llm?.[0];
    expect(suite?.cases).toMatchObject({ source: 'cases/promptfoo-getting-started.yaml', count: 4 });
    const [g, w] = suite?.models ?? [];
    expect(g?.cases.map((c) => [c.id, c.status])).toEqual([
      ['#1 [prompt 1]', 'pass'],
      ['#1 [prompt 2]', 'pass'],
      ['#2 [prompt 1]', 'pass'],
      ['#2 [prompt 2]', 'pass'],
    ]);
    expect(w?.metrics).toMatchObject({ passed: 2, failed: 2, passRate: 0.5, memoryMiB: null });
    expect(g?.metrics.memoryMiB).toBe(512);
    expect(g?.metrics.costUsd).toBeGreaterThan(0);
    expect(w?.metrics.costUsd).toBeNull();
    expect(g?.metrics.ttft).not.toBeNull();
    expect(good.log.filter((r) => r.url === '/v1/chat/completions')).toHaveLength(4);
    expect(logs.join('\n')).toMatch(/recorded 4 answer\(s\) of glm-4 in tapes\/translate\/glm-4\.json/);
    expect(results.gates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ metric: 'errors', model: 'chatglm3', value: 0, status: 'pass' }),
      ]),
    );
    const md = renderLlmMarkdown(results.llm ?? []);
    expect(md).toContain('| `glm-4` | 100.0% | 4/4 |');
    expect(md).toContain('| `chatglm3` | 50.0% | 2/4 |');
    expect(md).toMatch(/512 MiB \| *$/m);

    // Second run: the response cache answers, the servers see nothing new.
    const before = good.log.length;
    const again = await run(dir);
    expect(good.log.length - before).toBe(1); // only /metrics
    expect(again.results.llm?.[0]?.models[0]?.metrics.cache).toEqual({ hits: 4, misses: 0 });

    // Replay: servers gone, endpoints unreachable; same verdicts, recorded memory.
    await Promise.all(servers.splice(0).map((s) => s.close()));
    writeFileSync(
      path.join(dir, 'autoglm.yml'),
      twoModels('http://glm4-server:8000', 'http://chatglm3-server:8000'),
    );
    const replayed = await run(dir, { replay: 'tapes' });
    const r = replayed.results.llm?.[0];
    expect(
      r?.models.map((m) => [m.name, m.metrics.passRate, m.metrics.sources.replay, m.metrics.memoryMiB]),
    ).toEqual([
      ['glm-4', 1, 4, 512],
      ['chatglm3', 0.5, 4, null],
    ]);
    expect(r?.cassette).toEqual({ mode: 'replay', dir: 'tapes/translate' });

    // Paired comparison: the weak model's failures are flips against a baseline where it passed.
    const cmp = compareResults(replayed.results, again.results, {});
    const f = cmp.findings.find((x) => x.metric === 'pass_rate' && x.model === 'chatglm3');
    expect(f).toMatchObject({
      method: 'paired',
      outcome: 'no change',
      flips: { passToFail: [], failToPass: [] },
    });
    const lat = cmp.findings.find((x) => x.metric === 'latency.p95_ms' && x.model === 'glm-4');
    // The cache and the cassette hold the same recorded timings: equal, so within any threshold.
    expect(lat).toMatchObject({ outcome: 'no change', method: 'threshold', mode: 'info', delta: 0 });
    const faster = structuredClone(again.results);
    const fm = faster.llm?.[0]?.models[0];
    if (fm?.metrics.ttft) fm.metrics.ttft.p95Ms /= 2;
    const ttft = compareResults(again.results, faster, {}).findings.find(
      (x) => x.metric === 'ttft.p95_ms' && x.model === 'glm-4',
    );
    expect(ttft?.outcome).toBe('inconclusive');
    expect(ttft?.reason).toMatch(/100\.0% worse than one stored run .*one run cannot decide/);
    const worse = structuredClone(again.results);
    for (const c of worse.llm?.[0]?.models[1]?.cases ?? []) c.status = 'pass';
    const f2 = compareResults(replayed.results, worse, {}).findings.find((x) => x.model === 'chatglm3');
    expect(f2?.flips?.passToFail).toEqual(['#2 [prompt 1]', '#2 [prompt 2]']);
    expect(f2?.pValue).toBe(0.5); // exact McNemar, b = 2, c = 0
  });

  it('grades the mixed promptfoo file: skips model-graded types with the reason, never passes them', async () => {
    const s = await fake({
      respond: (b) => {
        const q = userText(b);
        if (/capital/.test(q)) return { content: 'Paris is the capital.' };
        if (/JSON/.test(q)) return { content: '{"name": "Ada", "age": 36}' };
        if (/colours/.test(q)) return { content: 'Both red and blue' };
        return { content: 'hello' };
      },
    });
    const dir = project(`
models:
  - { name: m, endpoint: ${s.url} }
suites:
  - { name: mixed, cases: cases/mixed-assertions.yaml, prompts: ['{{question}}'] }
`);
    const { results } = await run(dir);
    const suite = results.llm?.[0];
    const m = suite?.models[0];
    expect(m?.cases.map((c) => [c.id, c.status])).toEqual([
      ['capital', 'pass'],
      ['json-schema', 'pass'],
      ['negation and lists', 'pass'],
      ['only model-graded', 'pass'],
      ['weighted threshold', 'pass'],
    ]);
    const capital = m?.cases[0]?.runs[0]?.assertions;
    expect(capital?.find((a) => a.type === 'llm-rubric')).toMatchObject({
      skipped: true,
      reason: 'skipped: llm-rubric needs an LLM judge',
    });
    expect(suite?.skippedAssertions).toEqual([
      { type: 'llm-rubric', reason: 'llm-rubric needs an LLM judge', count: 2 },
      { type: 'factuality', reason: 'factuality needs an LLM judge', count: 1 },
    ]);
    // defaultTest's latency (passes) + equals (passes) + starts-with (fails): 2 of 3, above the 0.5 threshold.
    expect(m?.cases[4]?.runs[0]?.score).toBeCloseTo(2 / 3);
  });

  it('stops a model at the circuit breaker and blocks: every case answered once', async () => {
    const s = await fake({ fault: () => ({ status: 500 }) });
    const dir = project(`
models:
  - { name: down, endpoint: ${s.url}, retries: 0, concurrency: 1 }
suites:
  - { name: t, cases: cases/cases.csv, prompts: ['{{question}}'] }
`);
    const { results } = await run(dir);
    const m = results.llm?.[0]?.models[0];
    expect(m?.cases).toHaveLength(3);
    expect(m?.cases.every((c) => c.status === 'error')).toBe(true);
    expect(s.log).toHaveLength(3);
    expect(results.verdict).toBe('regression');
    expect(results.gates.find((g) => g.metric === 'errors')).toMatchObject({
      value: 3,
      status: 'fail',
      mode: 'block',
    });
  });

  it('names the case on a replay miss', async () => {
    const dir = project(`
models:
  - { name: m, endpoint: http://h:1 }
suites:
  - { name: t, cases: cases/cases.csv, prompts: ['{{question}}'], replay: empty }
`);
    const e = await usageErrorAsync(() => run(dir));
    expect(e.message).toMatch(/replay: no cassette for model "m": empty\/t\/m\.json does not exist/);
  });
});

describe('repeats, embeddings and generic HTTP in a suite', () => {
  it('repeat: N asks each case N times and passes it by repeat_threshold', async () => {
    const asked = new Map<string, number>();
    // Every third answer to the same question is wrong: a non-deterministic model.
    const s = await fake({
      respond: (b) => {
        const n = (asked.get(userText(b)) ?? 0) + 1;
        asked.set(userText(b), n);
        return { content: n % 3 === 0 ? 'no idea' : 'It is 4' };
      },
    });
    const dir = project(`
models:
  - { name: flaky, endpoint: ${s.url}, concurrency: 1 }
suites:
  - { name: r, cases: cases/cases.csv, prompts: ['{{question}}'], repeat: 3, repeat_threshold: 0.6 }
`);
    const { results } = await run(dir, { cache: false });
    const sum = results.llm?.[0]?.models[0]?.cases[0];
    expect(sum?.runs.map((r) => r.status)).toEqual(['pass', 'pass', 'fail']);
    expect(sum?.passRate).toBeCloseTo(2 / 3);
    expect(sum?.status).toBe('pass');
    expect(s.log.filter((r) => r.url === '/v1/chat/completions')).toHaveLength(9);
  });

  it('scores similar with an embedding endpoint when configured, else the labelled n-gram fallback', async () => {
    const s = await fake({ respond: () => ({ content: 'Bonjour' }) });
    const dir = project(`
models:
  - { name: chat, endpoint: ${s.url} }
  - { name: embed, endpoint: ${s.url}, adapter: embedding }
suites:
  - { name: e, cases: cases/sim.yaml, models: [chat], embedding_model: embed }
  - { name: f, cases: cases/sim.yaml, models: [chat] }
`);
    writeFileSync(
      path.join(dir, 'cases', 'sim.yaml'),
      '- vars: {prompt: hi}\n  assert:\n    - {type: similar, value: Bonjour, threshold: 0.99}\n',
    );
    const { results } = await run(dir, { cache: false });
    expect(results.llm?.map((x) => x.similarity)).toEqual([
      'embedding cosine (embed, endpoint)',
      'character 3-gram cosine (fallback: no embedding model configured or selected)',
    ]);
    expect(s.log.some((r) => r.url === '/v1/embeddings')).toBe(true);
    expect(results.llm?.[0]?.models[0]?.cases[0]?.runs[0]?.assertions[0]?.reason).toMatch(
      /^embedding cosine 1\.000/,
    );
  });

  it('runs an api: http model from its body template and response pointer', async () => {
    const s = await fake({ respond: (b) => ({ content: String(b.prompt).includes('2+2') ? '4' : 'x' }) });
    const dir = project(`
models:
  - name: inhouse
    endpoint: ${s.url}/v1/completions
    api: http
    request: { prompt: '{{prompt}}', stream: false }
    response: /choices/0/text
suites:
  - { name: h, cases: cases/cases.csv, prompts: ['{{question}}'] }
`);
    const { results } = await run(dir, { cache: false });
    expect(results.llm?.[0]?.models[0]?.cases.map((c) => c.status)).toEqual(['pass', 'fail', 'fail']);
    expect(results.llm?.[0]?.models[0]?.metrics.ttft).toBeNull();
  });
});

describe('javascript assertions and transforms', () => {
  it('runs file:// assertion modules next to the cases file and options.transform before grading', async () => {
    const s = await fake({ respond: () => ({ content: '  {"answer": 42}  ' }) });
    const dir = project(`
models:
  - { name: m, endpoint: ${s.url} }
suites:
  - { name: js, cases: cases/js.yaml }
`);
    writeFileSync(
      path.join(dir, 'cases', 'check.mjs'),
      'export function big(output, context) { return { pass: JSON.parse(output).answer > context.vars.min, score: 1, reason: "checked" }; }\n',
    );
    writeFileSync(
      path.join(dir, 'cases', 'js.yaml'),
      [
        'defaultTest: { options: { transform: output.trim() } }',
        'tests:',
        '  - description: ok',
        '    vars: { prompt: q, min: 40 }',
        '    assert: [{ type: javascript, value: "file://check.mjs:big" }, { type: equals, value: \'{"answer": 42}\' }]',
        '  - description: too small',
        '    vars: { prompt: q, min: 50 }',
        '    assert: [{ type: javascript, value: "file://check.mjs:big" }]',
        '',
      ].join('\n'),
    );
    const { results } = await run(dir, { cache: false });
    const cases = results.llm?.[0]?.models[0]?.cases;
    expect(cases?.map((c) => [c.id, c.status, c.runs[0]?.output])).toEqual([
      ['ok', 'pass', '{"answer": 42}'],
      ['too small', 'fail', '{"answer": 42}'],
    ]);
  });
});

describe('config of endpoint models', () => {
  it('refuses a literal key anywhere in the config', () => {
    const e = usageError(() =>
      parseConfig(
        'models:\n  - name: m\n    endpoint: http://h:1\n    params: { api_key: abc123 }\n',
        'autoglm.yml',
        '/tmp',
      ),
    );
    expect(e.message).toMatch(
      /^autoglm\.yml:4:24: models\[0\]\.params\.api_key: this looks like a literal API key/,
    );
    const e2 = usageError(() => parseConfig('report:\n  title: sk-abcdefghijklmnop12\n', 'a.yml', '/tmp'));
    expect(e2.message).toMatch(/report\.title: this looks like a literal API key/);
  });

  it('wants exactly one of dataset or cases, and endpoint keys only on endpoints', () => {
    expect(usageError(() => parseConfig('suites:\n  - name: s\n', 'a.yml', '/tmp')).message).toMatch(
      /suites\[0\] \(s\): expected exactly one of dataset \(ONNX samples\) or cases/,
    );
    expect(
      usageError(() =>
        parseConfig('models:\n  - { name: m, path: m.onnx, concurrency: 2 }\n', 'a.yml', '/tmp'),
      ).message,
    ).toMatch(/models\[0\]\.concurrency: only a model with an endpoint takes concurrency/);
    expect(
      usageError(() =>
        parseConfig('models:\n  - { name: m, endpoint: http://h/v1/chat/completions }\n', 'a.yml', '/tmp'),
      ).message,
    ).toMatch(/give the base URL/);
  });

  it('keeps .autoglm/llm-cache out of the way when --no-cache', async () => {
    const s = await fake();
    const dir = project(`
models:
  - { name: m, endpoint: ${s.url} }
suites:
  - { name: t, cases: cases/cases.jsonl, prompts: ['{{question}}'] }
`);
    await run(dir, { cache: false });
    expect(existsSync(path.join(dir, '.autoglm', 'llm-cache'))).toBe(false);
  });
});
