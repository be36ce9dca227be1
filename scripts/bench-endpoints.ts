/**
 * Endpoint engine benchmark: 1,000 LLM cases at concurrency 32 against a loopback
 * OpenAI-compatible server that answers in 50 ms and throttles 5% of requests with a 429.
 *
 *   npx tsx scripts/bench-endpoints.ts [--cases N] [--concurrency C] [--latency MS] [--throttle P] [--seed S]
 *
 * Method
 * - The server is the test suite's fake (test/fake-openai-server.ts) in a child process (so its
 *   CPU does not share the client's event loop): it waits
 *   `latency` ms, then streams the answer as SSE with usage. A seeded 5% of requests (the 429s are
 *   drawn per request, so retries can be throttled again) get `429` at once, with
 *   `retry-after-ms: 50` (OpenAI's precise header) and `Retry-After: 1` (the standard's whole
 *   seconds); the client honours retry-after-ms first.
 * - engine: the wall time of runLlmSuite, the code path of an LLM suite in `autoglm run`: template
 *   rendering, the concurrency limiter, streaming, retries with jitter, the circuit breaker,
 *   grading (a `contains` assertion per case) and per-case records. Cache and cassettes are off.
 * - ideal: cases x latency / concurrency (1.56 s for the defaults): what a perfect client would
 *   take if no request were throttled.
 * - raw: 32 plain fetch workers doing the same requests with no 429s, measured in this run: the
 *   floor the loopback server and Node's HTTP stack allow on this machine.
 * - Checked: every case answered exactly once (no case lost or duplicated in the results, and the
 *   server saw exactly one successful request per case).
 * - Target (issue 10): engine / ideal <= 1.3.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseSet } from '../src/evals/llm/cases.js';
import { runLlmSuite } from '../src/evals/llm/run.js';
import { ModelRegistry } from '../src/inference/registry.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '32' },
    latency: { type: 'string', default: '50' },
    throttle: { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '7' },
  },
});
const N = Number(values.cases);
const C = Number(values.concurrency);
const LAT = Number(values.latency);
const P = Number(values.throttle);

interface Summary {
  okPerPrompt: Record<string, number>;
  throttled: number;
  requests: number;
}

async function main(): Promise<void> {
  const child = fork(
    path.join(import.meta.dirname, 'lib', 'fake-server-process.ts'),
    [String(LAT), String(P), String(values.seed)],
    {
      execArgv: ['--import', 'tsx'],
    },
  );
  const [{ url }] = (await once(child, 'message')) as [{ url: string }];
  const server = { url };
  const prompts = Array.from({ length: N }, (_, i) => `question ${i}`);

  // Warm-up (untimed): connections, JIT.
  await Promise.all(prompts.slice(0, C).map((p) => post(server.url, p)));

  // raw: plain fetch workers, no 429s.
  let next = 0;
  const rawCpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < N) await post(server.url, prompts[next++] as string);
    }),
  );
  const rawMs = performance.now() - t0;
  const rawCpu = process.cpuUsage(rawCpu0);
  const rawCpuMs = (rawCpu.user + rawCpu.system) / 1000;

  const registry = new ModelRegistry();
  const spec = registry.register('bench', {
    endpoint: server.url,
    concurrency: C,
    retries: 5,
    profile: 'vllm',
  });
  const cases: CaseSet = {
    cases: prompts.map((p, i) => ({
      id: `case ${i}`,
      vars: { question: p },
      assert: [{ type: 'contains', value: `answer to ${p}`, weight: 1 }],
      metadata: {},
      origin: `bench case ${i}`,
    })),
    prompts: ['{{question}}'],
    source: 'bench',
    sha256: 'bench',
  };
  child.send('throttle');
  await once(child, 'message');
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const suite = await runLlmSuite({ name: 'bench', cases, models: [spec], baseDir: '.' }, { env: {} });
  const engineMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  child.send('stop');
  const [summary] = (await once(child, 'message')) as [Summary];
  const throttled = summary.throttled;

  const m = suite.models[0];
  if (!m) throw new Error('no model result');
  const ids = new Set(m.cases.map((c) => c.id));
  const okPerPrompt = new Map(Object.entries(summary.okPerPrompt));
  const lost = N - ids.size;
  const duplicated = m.cases.length - ids.size + [...okPerPrompt.values()].filter((n) => n > 1).length;
  const unanswered = prompts.filter((p) => okPerPrompt.get(p) !== 1).length;
  const ideal = (N * LAT) / C;
  const f = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  console.log(
    `bench:endpoints  ${N} cases, concurrency ${C}, ${LAT} ms server latency, ${(P * 100).toFixed(0)}% 429s (retry-after-ms 50)`,
  );
  console.log(
    `machine: ${cpus()[0]?.model.trim()} x ${availableParallelism()}, Node ${process.version}, load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log('');
  console.log(`ideal   ${f(ideal)}  (cases x latency / concurrency)`);
  console.log(`raw     ${f(rawMs)}  (plain fetch workers, no 429s)  ${(rawMs / ideal).toFixed(3)}x ideal`);
  console.log(
    `engine  ${f(engineMs)}  ${(engineMs / ideal).toFixed(3)}x ideal (target <= 1.3)  ${(engineMs / rawMs).toFixed(3)}x raw`,
  );
  console.log(
    `client CPU: engine ${f(cpuMs)} (${((cpuMs / engineMs) * 100).toFixed(0)}% of its wall time), raw ${f(rawCpuMs)} (${((rawCpuMs / rawMs) * 100).toFixed(0)}%); near 100% means CPU-bound: the machine sets the pace, not the waits`,
  );
  console.log('');
  console.log(
    `429s injected ${throttled}, retries ${m.metrics.retries}, throttled seen ${m.metrics.throttled}, requests ${m.metrics.requests}`,
  );
  console.log(
    `cases: ${m.cases.length} in results, lost ${lost}, duplicated ${duplicated}, without exactly one answer ${unanswered}; passed ${m.metrics.passed}, errors ${m.metrics.errors}`,
  );
  if (lost || duplicated || unanswered || m.metrics.passed !== N) process.exitCode = 1;
}

async function post(url: string, prompt: string): Promise<void> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'bench',
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  await res.text();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
