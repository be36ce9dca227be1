import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeOpenAI } from './fake-openai-server.js';
import { demoCopy, ROOT, runCli, runCliAsync, tempDir } from './helpers.js';

/** The built CLI (bin/autoglm.js -> dist) with endpoint models, as users run it. */
describe('autoglm eval with endpoint models (built CLI)', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAI({
      respond: (b) => ({ content: /2\+2/.test(JSON.stringify(b.messages)) ? 'It is 4' : 'Blue' }),
    });
  });
  afterAll(() => server.close());

  const config = (endpoint: string) => `
models:
  - name: local
    endpoint: ${endpoint}
    profile: vllm
    api_key_env: LOCAL_KEY
suites:
  - name: quick
    cases: ${path.join(ROOT, 'test', 'fixtures', 'llm', 'cases.csv')}
    prompts: ['{{question}}']
`;

  it('records against a server, then replays with the server gone and no key', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'autoglm.yml'), config(server.url));
    const rec = await runCliAsync(['eval', '--record', 'tapes', '--no-cache'], dir, {
      LOCAL_KEY: 'sk-local-abcdefghijklmnop',
    });
    expect(rec.stderr).toContain('recorded 3 answer(s) of local in tapes/quick/local.json');
    expect(rec.stdout).toMatch(/^local\s+66\.7%\s+2\/3\s/m);
    expect(rec.code).toBe(0);
    expect(server.log.at(-1)?.headers.authorization).toBe('Bearer sk-local-abcdefghijklmnop');
    expect(readFileSync(path.join(dir, 'tapes', 'quick', 'local.json'), 'utf8')).not.toContain('sk-local');
    expect(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8')).not.toContain('sk-local');

    writeFileSync(path.join(dir, 'autoglm.yml'), config('http://model-server.invalid:8000'));
    const rep = runCli(['eval', '--replay', 'tapes', '--json', 'summary.json'], dir);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.llm[0]).toMatchObject({
      name: 'quick',
      cases: 3,
      models: [{ name: 'local', metrics: { passed: 2, failed: 1 } }],
    });
    expect(rep.stdout).toContain('Replayed from cassettes in tapes/quick (no network).');
    expect(rep.stdout).toMatch(/^local\s+66\.7%\s+2\/3\s/m);
    expect(rep.stdout).toContain('local exact: equals: expected exactly "hi"');
    expect(rep.code).toBe(0);
  });

  it('refuses a literal key with exit code 2 and names the line', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'autoglm.yml'),
      'models:\n  - name: local\n    endpoint: http://h:1\n    params:\n      authorization: Bearer abcdefghijk\n',
    );
    const r = runCli(['eval'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /autoglm\.yml:5:22: models\[0\]\.params\.authorization: this looks like a literal API key/,
    );
  });
});

describe('npm run demo', () => {
  it('shows the LLM suite side by side from its committed cassettes, with no server and no key', () => {
    const dir = demoCopy();
    const r = runCli(['run'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'LLM suite glm-chat: 20 cases from llm/cases.yaml x 2 endpoint models. Replayed',
    );
    expect(r.stdout).toMatch(/^glm-4\s+95\.0%\s+19\/20\s.*4301 MiB$/m);
    expect(r.stdout).toMatch(/^chatglm3\s+70\.0%\s+14\/20\s.*n\/a\s+n\/a$/m);
    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    const pr = results.comparison.findings.filter((f: { metric: string }) => f.metric === 'pass_rate');
    expect(
      pr.map((f: { model: string; outcome: string; method: string }) => [f.model, f.outcome, f.method]),
    ).toEqual([
      ['glm-4', 'no change', 'paired'],
      ['chatglm3', 'no change', 'paired'],
    ]);
    // Replayed timings are the cassette's in both runs: not compared, never a green "no change".
    const timings = results.comparison.findings.filter(
      (f: { metric: string; model: string }) =>
        ['latency.p95_ms', 'ttft.p95_ms'].includes(f.metric) && ['glm-4', 'chatglm3'].includes(f.model),
    );
    expect(timings).toHaveLength(4);
    expect(timings.every((f: { outcome: string }) => f.outcome === 'not compared')).toBe(true);
    expect(r.stdout).toContain(
      'not compared: 4 LLM timings replayed from cassettes in both runs (recorded, not measured)',
    );
    expect(r.stdout).toContain('Answers: 40 replayed from cassettes.\n');
    expect(r.stdout).toContain('Cost is n/a for chatglm3: the config sets no price for it.\n');
    expect(r.stdout).toContain(
      "Memory of an endpoint model is its server's resident memory from /metrics (vLLM, TGI)",
    );
    expect(r.stdout).toContain('Failing cases (first 5 of 7; the report lists more):\n');
    expect(r.stdout).toContain(
      'chatglm3 arithmetic word problem: numeric: first number in the output 1, expected 95 ± 0.000001 (off by 94)',
    );
    const md = readFileSync(path.join(dir, 'autoglm-report.md'), 'utf8');
    expect(md).toContain('### LLM suite `glm-chat`');
    expect(md).toContain('<details><summary>Failing cases (7)</summary>');
    expect(md).toContain('Not graded (reported, never counted as passed): `llm-rubric` x2');
  });
});

describe('action inputs for LLM suites', () => {
  it('reads record, replay and cache, and rejects bad values by name', async () => {
    const { getInputs } = await import('../src/action/inputs.js');
    const keys = ['INPUT_REPLAY', 'INPUT_RECORD', 'INPUT_CACHE'];
    const saved = keys.map((k) => process.env[k]);
    try {
      process.env.INPUT_REPLAY = 'cassettes';
      process.env.INPUT_CACHE = 'false';
      expect(getInputs({}).llm).toEqual({ replay: 'cassettes', cache: false });
      process.env.INPUT_CACHE = 'no';
      expect(() => getInputs({})).toThrow("'cache' input must be 'true' or 'false' but got 'no'");
      process.env.INPUT_CACHE = '';
      process.env.INPUT_RECORD = 'x';
      expect(() => getInputs({})).toThrow("give either the 'record' or the 'replay' input, not both");
    } finally {
      keys.forEach((k, i) => {
        if (saved[i] === undefined) delete process.env[k];
        else process.env[k] = saved[i];
      });
    }
  });
});
