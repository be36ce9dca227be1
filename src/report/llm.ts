import type { LlmModelResult, LlmSuiteResult } from '../results/llm.js';
import { escapeMarkdown, inlineCode } from './escape.js';
import { fmtMs, fmtNum, fmtPct } from './format.js';
import { textTable } from './text-table.js';

/** LLM suites in the report: the side-by-side table (pass rate, latency, TTFT, tokens, cost, memory), then why. */

const cellCode = (s: string) => inlineCode(s, { table: true });
const na = 'n/a';

function usd(x: number | null): string {
  if (x === null) return na;
  return x >= 0.01 ? `$${x.toFixed(2)}` : `$${Number(x.toPrecision(2))}`;
}

interface Col {
  header: string;
  numeric: boolean;
  cell(m: LlmModelResult): string;
}

/** The brief's GLM-4 vs ChatGLM3 shape (latency, accuracy, memory) plus what LLM servers add. */
function columns(): Col[] {
  return [
    { header: 'model', numeric: false, cell: (m) => m.name },
    {
      header: 'pass rate',
      numeric: true,
      cell: (m) => (m.metrics.passRate === null ? na : fmtPct(m.metrics.passRate)),
    },
    {
      header: 'passed',
      numeric: true,
      cell: (m) => `${m.metrics.passed}/${m.metrics.passed + m.metrics.failed + m.metrics.errors}`,
    },
    {
      header: 'mean latency',
      numeric: true,
      cell: (m) => (m.metrics.latency ? fmtMs(m.metrics.latency.meanMs) : na),
    },
    { header: 'p95', numeric: true, cell: (m) => (m.metrics.latency ? fmtMs(m.metrics.latency.p95Ms) : na) },
    { header: 'TTFT p50', numeric: true, cell: (m) => (m.metrics.ttft ? fmtMs(m.metrics.ttft.p50Ms) : na) },
    { header: 'TTFT p95', numeric: true, cell: (m) => (m.metrics.ttft ? fmtMs(m.metrics.ttft.p95Ms) : na) },
    {
      header: 'tokens/s',
      numeric: true,
      cell: (m) => (m.metrics.tokensPerSecond === null ? na : fmtNum(m.metrics.tokensPerSecond, 3)),
    },
    {
      header: 'tokens in/out',
      numeric: true,
      cell: (m) =>
        m.api === 'onnx'
          ? na
          : `${m.metrics.usage.promptTokens}/${m.metrics.usage.completionTokens}${m.metrics.usage.unknown ? ` (+${m.metrics.usage.unknown} unknown)` : ''}`,
    },
    { header: 'cost', numeric: true, cell: (m) => usd(m.metrics.costUsd) },
    {
      header: 'memory',
      numeric: true,
      cell: (m) => (m.metrics.memoryMiB === null ? na : `${m.metrics.memoryMiB.toFixed(0)} MiB`),
    },
  ];
}

function sourceLine(s: LlmSuiteResult): string {
  const m = s.models.map((x) => x.metrics);
  const sum = (k: 'network' | 'cache' | 'replay') => m.reduce((a, x) => a + x.sources[k], 0);
  const hits = m.reduce((a, x) => a + x.cache.hits, 0);
  const misses = m.reduce((a, x) => a + x.cache.misses, 0);
  const local = m.reduce((a, x) => a + (x.sources.local ?? 0), 0);
  const parts: string[] = [];
  // Only the sources that answered: a replayed suite says so without "0 from the servers".
  if (sum('network')) parts.push(`${sum('network')} from the servers`);
  if (sum('cache') || hits || misses)
    parts.push(`${sum('cache')} from the response cache (${hits} hits, ${misses} misses)`);
  if (sum('replay')) parts.push(`${sum('replay')} replayed from cassettes`);
  if (local) parts.push(`${local} computed by local ONNX models`);
  const retries = m.reduce((a, x) => a + x.retries, 0);
  const throttled = m.reduce((a, x) => a + x.throttled, 0);
  const net =
    sum('network') || retries || throttled ? `; ${retries} retries, ${throttled} throttled (429/503)` : '';
  return `Answers: ${parts.join(', ') || 'none'}${net}.`;
}

function failures(s: LlmSuiteResult, limit: number): Array<{ model: string; id: string; why: string }> {
  const out: Array<{ model: string; id: string; why: string }> = [];
  for (const m of s.models) {
    for (const c of m.cases) {
      if (c.status !== 'fail' && c.status !== 'error') continue;
      const run = c.runs.find((r) => r.status === 'fail' || r.status === 'error') ?? c.runs[0];
      const why =
        run?.error ??
        run?.assertions
          .filter((a) => !a.skipped && !a.pass)
          .map((a) => `${a.type}: ${a.reason}`)
          .join('; ') ??
        '';
      out.push({
        model: m.name,
        id: c.id,
        why: `${c.runs.length > 1 ? `${fmtPct(c.passRate)} of repeats passed; ` : ''}${why}`,
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

function header(s: LlmSuiteResult): string {
  const how = s.cassette
    ? s.cassette.mode === 'replay'
      ? ` Replayed from cassettes in ${inlineCode(s.cassette.dir)} (no network).`
      : ` Recorded to ${inlineCode(s.cassette.dir)}.`
    : '';
  const rep =
    s.repeat > 1
      ? ` Each case asked ${s.repeat} times; a case passes when ${fmtPct(s.repeatThreshold)} of its repeats pass.`
      : '';
  return `${s.cases.count} case${s.cases.count === 1 ? '' : 's'} from ${inlineCode(s.cases.source)} x ${modelCount(s)}.${how}${rep}`;
}

/** "2 endpoint models", or "3 models (2 endpoint, 1 local ONNX)" in a mixed suite. */
function modelCount(s: LlmSuiteResult): string {
  const local = s.models.filter((m) => m.api === 'onnx').length;
  const remote = s.models.length - local;
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  if (local === 0) return n(remote, 'endpoint model');
  if (remote === 0) return n(local, 'local ONNX model');
  return `${n(s.models.length, 'model')} (${remote} endpoint, ${local} local ONNX)`;
}

/** Lines about models outside the table: selected but not run, and local ONNX columns. */
function notes(s: LlmSuiteResult): string[] {
  const out: string[] = [];
  for (const e of s.excluded ?? []) out.push(`Not run in this suite: ${e.model}, ${e.reason}.`);
  const unpriced = s.models.filter((m) => m.api !== 'onnx' && !m.price).map((m) => m.name);
  if (unpriced.length && unpriced.length < s.models.length)
    out.push(
      `Cost is n/a for ${unpriced.join(', ')}: the config sets no price for ${unpriced.length === 1 ? 'it' : 'them'}.`,
    );
  if (s.models.some((m) => m.api !== 'onnx' && m.metrics.memoryMiB !== null))
    out.push(
      "Memory of an endpoint model is its server's resident memory from /metrics (vLLM, TGI); n/a where the server does not report it.",
    );
  if (s.models.some((m) => m.api === 'onnx'))
    out.push(
      'Local ONNX models: latency is the model alone in this process; memory is the resident memory its session added; no TTFT, tokens or cost.',
    );
  return out;
}

function describeModel(m: LlmModelResult): string {
  return m.api === 'onnx'
    ? `local ONNX ${m.kind}, ${m.path ?? ''}, ${m.profile}`
    : `${m.profile}, ${m.api}, concurrency ${m.concurrency}`;
}

/** The markdown section of every LLM suite (pure: results in, markdown out). */
export function renderLlmMarkdown(suites: readonly LlmSuiteResult[]): string {
  const out: string[] = [];
  for (const s of suites) {
    out.push(`### LLM suite ${inlineCode(s.name)}`, '', header(s), '');
    const cols = columns();
    out.push(
      `| ${cols.map((c) => c.header).join(' | ')} |`,
      `| ${cols.map((c) => (c.numeric ? '---:' : ':---')).join(' | ')} |`,
    );
    for (const m of s.models)
      out.push(
        `| ${cols.map((c, i) => (i === 0 ? cellCode(c.cell(m)) : escapeMarkdown(c.cell(m)))).join(' | ')} |`,
      );
    out.push('', escapeMarkdown(sourceLine(s)));
    for (const line of notes(s)) out.push('', escapeMarkdown(line));
    for (const m of s.models) {
      if (m.breaker) {
        out.push(
          '',
          `> ⚠️ ${inlineCode(m.name)}: ${escapeMarkdown(`the circuit breaker opened after ${m.breaker.openedAfter} consecutive failures; ${m.breaker.notSent} case(s) were not sent. Last error: ${m.breaker.reason}`)}`,
        );
      }
    }
    if (s.skippedAssertions.length) {
      out.push(
        '',
        `Not graded (reported, never counted as passed): ${s.skippedAssertions.map((k) => `${inlineCode(k.type)} x${k.count} (${escapeMarkdown(k.reason)})`).join(', ')}.`,
      );
    }
    if (s.similarity) out.push('', `\`similar\` scored by ${escapeMarkdown(s.similarity)}.`);
    const all = failures(s, Number.POSITIVE_INFINITY);
    const fails = all.slice(0, 10);
    if (fails.length) {
      out.push(
        '',
        `<details><summary>Failing cases (${all.length === fails.length ? all.length : `first ${fails.length} of ${all.length}; all in the results document`})</summary>`,
        '',
        '| model | case | why |',
        '| :--- | :--- | :--- |',
      );
      for (const f of fails)
        out.push(`| ${cellCode(f.model)} | ${cellCode(f.id)} | ${escapeMarkdown(f.why.slice(0, 300))} |`);
      out.push('', '</details>');
    }
    out.push('', '<details><summary>Assertions and determinism</summary>', '');
    for (const m of s.models) {
      const per = m.metrics.assertions
        .filter((a) => a.graded > 0)
        .map((a) => `${inlineCode(a.type)} ${a.passed}/${a.graded}`)
        .join(', ');
      const cons =
        m.metrics.consistency !== undefined
          ? `; paraphrase consistency ${fmtPct(m.metrics.consistency)}`
          : '';
      out.push(
        `- ${inlineCode(m.name)} (${escapeMarkdown(describeModel(m))}): ${per || 'no graded assertions'}${cons}. Determinism: ${escapeMarkdown(m.determinism)}.`,
      );
    }
    out.push('', '</details>', '');
  }
  return out.join('\n').trimEnd();
}

/** The terminal section: the same table as text. Control characters are stripped by the caller. */
export function renderLlmTerminal(suites: readonly LlmSuiteResult[]): string {
  const out: string[] = [];
  for (const s of suites) {
    out.push(`LLM suite ${s.name}: ${header(s).replace(/`/g, '')}`, '');
    const cols = columns();
    out.push(
      textTable(
        cols.map((c) => c.header),
        cols.map((c) => c.numeric),
        s.models.map((m) => cols.map((c) => c.cell(m))),
      ),
    );
    out.push('', sourceLine(s), ...notes(s));
    for (const m of s.models)
      if (m.breaker)
        out.push(
          `WARN ${m.name}: circuit breaker opened after ${m.breaker.openedAfter} consecutive failures; ${m.breaker.notSent} case(s) not sent (${m.breaker.reason})`,
        );
    if (s.skippedAssertions.length)
      out.push(
        `Not graded: ${s.skippedAssertions.map((k) => `${k.type} x${k.count} (${k.reason})`).join(', ')}`,
      );
    if (s.similarity) out.push(`similar scored by ${s.similarity}`);
    const failing = failures(s, Number.POSITIVE_INFINITY);
    if (failing.length)
      out.push(
        `Failing cases${failing.length > 5 ? ` (first 5 of ${failing.length}; the report lists more)` : ''}:`,
      );
    for (const f of failing.slice(0, 5)) out.push(`  ${f.model} ${f.id}: ${f.why.slice(0, 160)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
