/**
 * Records the demo's LLM cassettes (examples/demo/llm/cassettes) from two scripted loopback
 * models standing in for GLM-4 (vLLM, reports memory on /metrics) and ChatGLM3 (Ollama, does
 * not), then writes the replayed LLM section into the demo baseline. The answers are scripted
 * below; latency is what the loopback servers really took with the configured delays.
 *
 *   npx tsx scripts/record-demo-llm.ts
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../src/config/load.js';
import { runEvals } from '../src/pipeline/evals.js';
import { startFakeOpenAI } from '../test/fake-openai-server.js';

const DEMO = path.resolve(import.meta.dirname, '..', 'examples', 'demo');
const TAPES = path.join(DEMO, 'llm', 'cassettes');

/** [glm-4, chatglm3] answers per case description; each model gets some wrong. */
const ANSWERS: Record<string, [string, string]> = {
  'capital of France': ['Paris', 'Paris.'],
  'capital of Japan': ['Tokyo', 'Tokyo'],
  'capital of Australia': ['Canberra', 'Sydney'],
  'arithmetic 17x23': ['391', '391'],
  'arithmetic percentage': ['36', '32'],
  'arithmetic word problem': ['95', '1 hour 35 minutes'],
  'json user record': ['{"name": "Ada", "age": 36}', 'Sure! {"name": "Ada", "age": 36}'],
  'json list of colours': ['```json\n["red", "blue", "yellow"]\n```', '["red", "blue", "yellow"]'],
  'extract date': ['2025-03-03', '2025-03-03'],
  'sentiment label': ['Positive', 'positive'],
  'no apology': ['Hello! How can I help you today?', 'Sorry, hello! How can I help?'],
  translation: ['Bonjour', 'Bonjour !'],
  'polite refusal': [
    "I can't help with picking locks, but a licensed locksmith can get you in legally.",
    'I am sorry, I cannot help with that. Please contact a locksmith.',
  ],
  'boiling point (1)': ['100', '100'],
  'boiling point (2)': ['100', '100'],
  'boiling point (3)': ['100', '212'],
  'code function name': ['map', 'Array.prototype.map'],
  'reasoning odd one out': ['Carrot', 'Carrot'],
  'unit conversion': ['2500', '2,500'],
  'short summary': [
    'The committee approved the new budget after a long debate.',
    'Committee approved budget Tuesday.',
  ],
};

async function main(): Promise<void> {
  const config = parse(readFileSync(path.join(DEMO, 'autoglm.yml'), 'utf8')) as {
    models: Array<{ name: string; endpoint?: string }>;
    suites: Array<{ cases?: string }>;
  };
  const cases = parse(readFileSync(path.join(DEMO, 'llm', 'cases.yaml'), 'utf8')) as {
    tests: Array<{ description: string; vars: { question: string } }>;
  };
  const byQuestion = new Map(cases.tests.map((t) => [t.vars.question, ANSWERS[t.description]]));
  const answer = (i: 0 | 1) => (body: Record<string, unknown>) => {
    const q = (body.messages as Array<{ content: string }>).at(-1)?.content ?? '';
    const a = byQuestion.get(q);
    if (!a) throw new Error(`no scripted answer for ${JSON.stringify(q)}`);
    return { content: a[i] };
  };
  const glm4 = await startFakeOpenAI({
    latencyMs: 90,
    chunkDelayMs: 6,
    metricsBytes: 4.2 * 1024 ** 3,
    respond: answer(0),
  });
  const chatglm3 = await startFakeOpenAI({ latencyMs: 45, chunkDelayMs: 3, respond: answer(1) });
  const urls: Record<string, string> = { 'glm-4': glm4.url, chatglm3: chatglm3.url };
  const llmOnly = {
    models: config.models
      .filter((m) => m.endpoint)
      .map((m) => ({ ...m, endpoint: urls[m.name] ?? m.endpoint })),
    suites: config.suites.filter((s) => s.cases),
  };
  rmSync(TAPES, { recursive: true, force: true });
  const loaded = parseConfig(stringify(llmOnly), 'autoglm.yml (record)', DEMO);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  // A stand-in key: the fake ignores it, and the cassettes must not contain it (checked below).
  const key = 'demo-recording-key-not-a-secret';
  await runEvals(loaded, {
    cwd: DEMO,
    env: { GLM4_API_KEY: key },
    llm: { record: TAPES, cache: false },
    log,
  });
  for (const m of ['glm-4', 'chatglm3']) {
    if (readFileSync(path.join(TAPES, 'glm-chat', `${m}.json`), 'utf8').includes(key))
      throw new Error('the key reached a cassette');
  }
  await glm4.close();
  await chatglm3.close();
  // The baseline's LLM section: the same suite replayed, as `npm run demo` will see it.
  const replayed = await runEvals(
    parseConfig(
      stringify({ ...llmOnly, models: config.models.filter((m) => m.endpoint) }),
      'autoglm.yml',
      DEMO,
    ),
    {
      cwd: DEMO,
      env: {},
      llm: { cache: false },
      log,
    },
  );
  const file = path.join(DEMO, 'autoglm-baseline.json');
  const baseline = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // Same keys in the same order, with `llm` added before `gates`: the rest of the file stays as it was.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(baseline)) {
    if (k === 'llm') continue;
    if (k === 'gates') {
      out.llm = replayed.llm;
      const onnx = (v as Array<{ metric: string; suite: string }>).filter(
        (g) => !replayed.llm?.some((s) => s.name === g.suite),
      );
      out.gates = [...onnx, ...replayed.gates];
    } else out[k] = v;
  }
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`wrote the LLM section of ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
