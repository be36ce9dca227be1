/**
 * What `autoglm init` writes, as pure functions of what it detected and what the user chose: a
 * starter `autoglm.yml` whose gates only warn (the first push is green) and a CI workflow that
 * produces what the config reads (coverage) before running autoglm.
 */
import { stringify } from 'yaml';
import { syntheticSpec } from '../inference/inspect.js';
import type { Detection, Platform } from './detect.js';

export interface Choices {
  platform: Platform;
  testgen: boolean;
  coverage: boolean;
}

export interface InitPlan {
  config: string;
  /** Notes for the user: models left out and why, what to edit. */
  notes: string[];
  /** Nothing to evaluate: no usable model, no sources, no coverage. */
  empty: boolean;
}

/** Action and component references of the released version users pin. */
export const ACTION_REF = 'open-autoglm/open-autoglm-ci@v0';
export const COMPONENT_REF = '$CI_SERVER_FQDN/open-autoglm/open-autoglm-ci/autoglm@0';

const modelName = (file: string, taken: Set<string>): string => {
  let name =
    (file.split('/').pop() ?? file).replace(/\.onnx$/, '').replace(/[^A-Za-z0-9._-]/g, '-') || 'model';
  while (taken.has(name)) name = `${name}-2`;
  taken.add(name);
  return name;
};

export function coverageFileOf(d: Detection, choices: Choices): string | undefined {
  if (!choices.coverage) return undefined;
  return d.tests?.coverageFile ?? d.coverageFile;
}

export function planConfig(d: Detection, choices: Choices): InitPlan {
  const notes: string[] = [];
  const taken = new Set<string>();
  const models: Record<string, unknown>[] = [];
  // Models with the same input signature share a suite, so they are compared side by side.
  const suites = new Map<string, { names: string[]; specs: string[] }>();
  for (const m of d.models) {
    if (!m.info) {
      notes.push(`left out ${m.path}: ${m.error}`);
      continue;
    }
    const specs = m.info.inputs.map(syntheticSpec);
    if (specs.length === 0 || specs.some((s) => s === undefined)) {
      notes.push(
        `left out ${m.path}: its inputs (${m.info.inputs.map((i) => `${i.name} ${i.dtype}`).join(', ') || 'none'}) cannot be generated synthetically; add it with a JSONL dataset (docs/config.md)`,
      );
      continue;
    }
    const name = modelName(m.path, taken);
    const q = m.info.quantization;
    const shrinks = 'sizeBytes' in q && q.sizeBytes < m.info.sizeBytes * 0.8;
    models.push({ name, path: m.path, adapter: 'tensor', ...(shrinks ? { quantize: true } : {}) });
    const key = JSON.stringify(specs);
    const suite = suites.get(key) ?? { names: [], specs: specs as string[] };
    suite.names.push(name);
    suites.set(key, suite);
  }
  const doc: Record<string, unknown> = {};
  if (models.length) {
    doc.models = models;
    doc.suites = [...suites.values()].map((s) => ({
      name: suites.size === 1 ? 'latency' : `latency-${s.names[0]}`,
      models: s.names,
      dataset: { synthetic: { inputs: s.specs, samples: 64, seed: 1 } },
      metrics: ['latency', 'throughput', 'memory', 'size', 'load_time'],
    }));
    doc.gates = {
      'latency.p95_ms': { max_increase: '10%', mode: 'warn' },
      size_bytes: { max_increase: '5%', mode: 'warn' },
    };
  }
  const llm = d.llm;
  notes.push(...llm.notes);
  if (llm.endpoints.length) {
    doc.models = [
      ...((doc.models as unknown[] | undefined) ?? []),
      ...llm.endpoints.map(({ from: _from, ...e }) => ({ ...e, capabilities: ['llm'] })),
    ];
  }
  if (llm.endpoints.length && llm.cases) {
    doc.suites = [
      ...((doc.suites as unknown[] | undefined) ?? []),
      { name: 'llm', cases: llm.cases, capabilities: ['llm'] },
    ];
    doc.gates = {
      ...((doc.gates as object | undefined) ?? {}),
      pass_rate: { max_drop: 0.05, mode: 'warn' },
    };
  }
  const coverageFile = coverageFileOf(d, choices);
  if (coverageFile) {
    doc.coverage = {
      files: [coverageFile],
      gates: { lines: { max_drop: 1, mode: 'warn' }, patch: { min: 80, mode: 'warn' } },
    };
  }
  if (choices.testgen && d.sourceGlobs.length) {
    doc.testgen = { targets: d.sourceGlobs, out: 'test/generated', budget: 30 };
  }
  // Endpoint models without a suite evaluate nothing by themselves.
  const empty = Object.keys(doc).filter((k) => k !== 'models' || models.length > 0).length === 0;
  doc.baseline = { store: 'file' };
  const header = [
    '# autoglm config written by `autoglm init`; every key is in docs/config.md.',
    '# The gates only warn, so the first push is green: switch a gate to `mode: block` once its',
    '# numbers are stable. The baseline is the committed autoglm-baseline.json (autoglm baseline',
    '# save --to autoglm-baseline.json after a run on your main branch), or use store: branch.',
  ];
  if (models.length) {
    header.push('# Suites feed synthetic inputs with the shapes read from each model (autoglm inspect');
    header.push('# MODEL.onnx); point dataset: at a JSONL file with "expected" fields to measure accuracy.');
  }
  if (llm.endpoints.length) {
    header.push(
      `# Endpoint models come from ${[...new Set(llm.endpoints.map((e) => e.from.split(' ')[0]))].join(' and ')}; API keys are read from`,
      '# the environment variables named by api_key_env (CI secrets), never from this file.',
    );
  }
  return { config: `${header.join('\n')}\n${stringify(doc)}`, notes, empty };
}

/** The API key variables the endpoint models read, for the workflow's secrets. */
export function keyVars(d: Detection): string[] {
  return [...new Set(d.llm.endpoints.flatMap((e) => (e.api_key_env ? [e.api_key_env] : [])))].sort();
}

/** `.github/workflows/autoglm.yml`: checkout with history (merge-base baselines), tests with coverage, the action. */
export function githubWorkflow(d: Detection, choices: Choices, configFile: string): string {
  const coverage = choices.coverage ? d.tests : undefined;
  const steps = [
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-depth: 0 # the merge-base is the baseline of a pull request',
  ];
  if (coverage) {
    steps.push(
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node-version: 22',
      `      - run: ${d.hasLockfile ? 'npm ci' : 'npm install'}`,
      `      - run: ${coverage.command}`,
    );
  }
  steps.push(`      - uses: ${ACTION_REF}`, '        with:', `          config: ${configFile}`);
  const keys = keyVars(d);
  if (keys.length) {
    steps.push(
      '        env: # fork PRs get no secrets: commit cassettes and use replay (docs/llm.md)',
      ...keys.map((k) => `          ${k}: \${{ secrets.${k} }}`),
    );
  }
  return `# Written by \`autoglm init\`: runs autoglm on pushes to main and on pull requests.
name: autoglm
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  pull-requests: write # the sticky results comment
  checks: write # the check run with annotations
jobs:
  autoglm:
    runs-on: ubuntu-latest # linux-x64: the bundled onnxruntime binaries are linux-x64
    steps:
${steps.join('\n')}
`;
}

/** A `.gitlab-ci.yml` including the component, with a test job first when coverage is gated. */
export function gitlabCi(d: Detection, choices: Choices, configFile: string): string {
  const coverage = choices.coverage ? d.tests : undefined;
  const lines = [
    '# Written by `autoglm init`. The component lives in templates/autoglm.yml of open-autoglm-ci;',
    '# on a self-managed instance, point the path at your mirror of that project.',
  ];
  const keys = keyVars(d);
  if (keys.length) {
    lines.push(
      `# The endpoint models read these masked CI/CD variables (Settings > CI/CD > Variables): ${keys.join(', ')}.`,
    );
  }
  if (coverage) lines.push('stages: [test, autoglm]');
  lines.push(
    'include:',
    `  - component: ${COMPONENT_REF}`,
    '    inputs:',
    `      stage: ${coverage ? 'autoglm' : 'test'}`,
    `      config: ${configFile}`,
  );
  if (coverage) {
    lines.push(
      'tests:',
      '  stage: test',
      '  image: node:22',
      '  script:',
      `    - ${d.hasLockfile ? 'npm ci' : 'npm install'}`,
      `    - ${coverage.command}`,
      '  artifacts:',
      '    paths: [coverage/]',
    );
  }
  return `${lines.join('\n')}\n`;
}
