import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { coverageLogLine } from '../src/platform/gitlab/reports.js';
import { CHECKS, renderCodeQuality } from '../src/report/codequality.js';
import { DOTENV_MAX_VARIABLES, renderDotenv } from '../src/report/dotenv.js';
import { renderEvalJunit } from '../src/report/junit-evals.js';
import { renderOpenMetrics } from '../src/report/openmetrics.js';
import type { Finding } from '../src/results/comparison.js';
import type { CoverageResult } from '../src/results/coverage.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { ROOT } from './helpers.js';

const counter = (covered: number, total: number) => ({ covered, total });
const totals = {
  lines: counter(8, 10),
  statements: counter(8, 10),
  functions: counter(2, 3),
  branches: counter(1, 2),
};

function finding(extra: Partial<Finding> = {}): Finding {
  return {
    suite: 'digits-eval',
    model: 'digits-v2',
    metric: 'accuracy',
    base: 0.92,
    current: 0.81,
    delta: -0.11,
    worsening: 0.12,
    outcome: 'regression',
    method: 'paired',
    reason: 'McNemar p=0.001',
    mode: 'block',
    severity: 4,
    ...extra,
  };
}

function sample(opts: { uncoveredAt?: number; accuracy?: number } = {}): Results {
  const r = results(
    [
      suite([
        model('digits-v1', { accuracy: 0.92 }),
        model('digits-v2', { accuracy: opts.accuracy ?? 0.81 }),
      ]),
    ],
    [
      {
        metric: 'accuracy',
        suite: 'digits-eval',
        model: 'digits-v1',
        value: 0.92,
        min: 0.8,
        mode: 'block',
        status: 'pass',
      },
      {
        metric: 'latency.p95_ms',
        suite: 'digits-eval',
        model: 'digits-v2',
        value: 61,
        max: 50,
        mode: 'warn',
        status: 'fail',
      },
      {
        metric: 'rmse',
        suite: 'digits-eval',
        model: 'digits-v2',
        value: null,
        max: 1,
        mode: 'block',
        status: 'missing',
      },
    ],
  );
  r.comparison = {
    notes: [],
    outcome: 'regression',
    findings: [
      finding({ current: opts.accuracy ?? 0.81 }),
      finding({ model: 'digits-v1', outcome: 'no change', current: 0.92 }),
    ],
  };
  const at = opts.uncoveredAt ?? 11;
  const coverage: CoverageResult = {
    inputs: [{ file: 'coverage/lcov.info', format: 'lcov', entries: 2 }],
    totals,
    files: [{ path: 'src/math.js', ...totals }],
    ignored: { count: 0, files: [] },
    notices: [],
    patch: {
      base: 'main',
      mergeBase: 'a'.repeat(40),
      head: 'b'.repeat(40),
      lines: counter(3, 5),
      files: [{ path: 'src/math.js', covered: 3, total: 5, uncovered: [{ start: at, end: at + 1 }] }],
      notInReport: [],
    },
  };
  r.coverage = coverage;
  r.verdict = 'regression';
  return r;
}

const codeQualitySchema = JSON.parse(
  readFileSync(path.join(ROOT, 'test/fixtures/schemas/gitlab-codequality.schema.json'), 'utf8'),
);

describe('Code Quality report', () => {
  const source = (shift: number) => (_file: string, begin: number, end: number) => {
    const lines = [
      ...Array(shift).fill(''),
      ...Array(10).fill('  x();'),
      'if (b === 0) {',
      '  throw new RangeError("zero");',
    ];
    return lines.slice(begin - 1, end).join('\n');
  };

  it('is valid against the fields GitLab documents', () => {
    const issues = renderCodeQuality(sample(), { lineText: source(0) });
    const validate = new Ajv({ allErrors: true }).compile(codeQualitySchema);
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      [CHECKS.regression, 'critical', 'models/digits-v2.onnx', 1],
      [CHECKS.gate, 'minor', 'models/digits-v2.onnx', 1],
      [CHECKS.gate, 'major', 'models/digits-v2.onnx', 1],
      [CHECKS.uncovered, 'minor', 'src/math.js', 11],
    ]);
    expect(issues[0]?.description).toContain(
      'accuracy of model digits-v2 (suite digits-eval) regressed: 0.92 -> 0.81',
    );
  });

  it('keeps fingerprints when values change or the uncovered code moves, so GitLab can tell new from fixed', () => {
    const a = renderCodeQuality(sample(), { lineText: source(0) });
    const b = renderCodeQuality(sample({ uncoveredAt: 14, accuracy: 0.7 }), { lineText: source(3) });
    expect(b.map((i) => i.fingerprint)).toEqual(a.map((i) => i.fingerprint));
    expect(new Set(a.map((i) => i.fingerprint)).size).toBe(a.length);
    // Other code uncovered is another finding.
    const c = renderCodeQuality(sample({ uncoveredAt: 3 }), { lineText: source(0) });
    expect(c.at(-1)?.fingerprint).not.toBe(a.at(-1)?.fingerprint);
  });
});

describe('JUnit of the eval run', () => {
  it('is well-formed JUnit: a suite per eval suite, a case per gate and per compared metric', () => {
    const xml = renderEvalJunit(sample());
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => ['testsuite', 'testcase'].includes(n),
    }).parse(xml);
    const root = doc.testsuites;
    expect(root).toMatchObject({ name: 'autoglm', tests: '5', failures: '1', errors: '0' });
    const ts = root.testsuite[0];
    expect(ts).toMatchObject({ name: 'digits-eval', tests: '5', failures: '1', skipped: '1' });
    for (const tc of ts.testcase) {
      expect(typeof tc.name).toBe('string');
      expect(tc.classname).toMatch(/^autoglm\.digits-eval\.(gates|baseline)$/);
    }
    const failed = ts.testcase.filter((c: { failure?: unknown }) => c.failure);
    expect(failed.map((c: { name: string }) => c.name)).toEqual(['digits-v2: accuracy vs baseline']);
    // A warn-mode gate that fails is reported, not failed.
    const warn = ts.testcase.find((c: { name: string }) => c.name.startsWith('digits-v2: latency.p95_ms'));
    expect(warn['system-out']).toContain('fails <= 50; mode warn');
  });

  it('escapes untrusted names', () => {
    const r = results([suite([model('<a href="x">&</a>')], { name: 'x]]>' })]);
    r.gates = [
      {
        metric: 'accuracy',
        suite: 'x]]>',
        model: '<a href="x">&</a>',
        value: 0.1,
        min: 0.8,
        mode: 'block',
        status: 'fail',
      },
    ];
    const xml = renderEvalJunit(r);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});

describe('dotenv and OpenMetrics', () => {
  it('dotenv has the verdict and headline metrics in the form GitLab parses', () => {
    const text = renderDotenv(sample(), { exit_code: '1' });
    const lines = text.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^AUTOGLM_[A-Z0-9_]+=[^\s"'#]+$/);
    const vars = Object.fromEntries(lines.map((l) => l.split('=') as [string, string]));
    expect(vars).toMatchObject({
      AUTOGLM_VERDICT: 'regression',
      AUTOGLM_REGRESSIONS: '1',
      AUTOGLM_GATES_FAILED: '1',
      AUTOGLM_EXIT_CODE: '1',
      AUTOGLM_COVERAGE_LINES: '80',
      AUTOGLM_COVERAGE_PATCH: '60',
      AUTOGLM_DIGITS_V2_ACCURACY: '0.81',
      AUTOGLM_DIGITS_V1_LATENCY_P95_MS: '4',
    });
  });

  it('dotenv stays within GitLab limits for many models with hostile names', () => {
    const r = results([
      suite(Array.from({ length: 40 }, (_, i) => model(`m ${i} "$(rm -rf /)"`, { accuracy: 0.5 }))),
    ]);
    const lines = renderDotenv(r).trimEnd().split('\n');
    expect(lines.length).toBe(DOTENV_MAX_VARIABLES);
    for (const l of lines) expect(l).toMatch(/^AUTOGLM_[A-Z0-9_]+=[^\s"'#]+$/);
  });

  it('OpenMetrics has one gauge family per metric, labelled, ending in # EOF', () => {
    const text = renderOpenMetrics(sample());
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toContain(
      '# TYPE autoglm_accuracy gauge\nautoglm_accuracy{suite="digits-eval",model="digits-v1"} 0.92\n',
    );
    expect(text).toContain('autoglm_coverage_lines_percent 80\n');
    expect(text).toContain('autoglm_regressions 1\n');
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(
        /^(# (TYPE [a-z0-9_]+ gauge|EOF)|[a-z0-9_]+(\{[a-z]+="(?:[^"\\]|\\.)*"(,[a-z]+="(?:[^"\\]|\\.)*")*\})? -?[0-9.e+-]+)$/,
      );
    }
    const evil = results([suite([model('a"b\\c\nd')])]);
    expect(renderOpenMetrics(evil)).toContain('model="a\\"b\\\\c\\nd"');
  });

  it('the coverage log line is what the component coverage regex reads', () => {
    const template = readFileSync(path.join(ROOT, 'templates/autoglm.yml'), 'utf8');
    const regex = /coverage: '\/(.+)\/'/.exec(template)?.[1] as string;
    const line = coverageLogLine(sample()) as string;
    expect(line).toBe('autoglm coverage: lines 80.00% (patch 60.00%)');
    expect(new RegExp(regex).exec(`[autoglm] ${line}`)?.[1]).toBe('80.00');
  });
});
