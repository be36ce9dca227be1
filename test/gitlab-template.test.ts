import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './helpers.js';

const text = readFileSync(path.join(ROOT, 'templates', 'autoglm.yml'), 'utf8');
const [spec, body] = parseAllDocuments(text).map((d) => d.toJS()) as [
  { spec: { inputs: Record<string, { default?: unknown; options?: string[]; type?: string }> } },
  Record<string, unknown>,
];

// GitLab's global keywords: a component that sets one changes every pipeline that includes it.
const GLOBAL = [
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
];

describe('templates/autoglm.yml (the component contract)', () => {
  it('declares the inputs the docs promise', () => {
    expect(Object.keys(spec.spec.inputs)).toEqual([
      'stage',
      'job-prefix',
      'config',
      'image',
      'version',
      'fail-on',
      'replay',
      'baseline',
      'baseline-job',
      'token-variable',
      'rules',
      'when',
    ]);
    expect(spec.spec.inputs['fail-on']?.options).toEqual(['regression', 'warning', 'never']);
    expect(spec.spec.inputs.rules).toMatchObject({ type: 'array', default: [] });
    expect(spec.spec.inputs['token-variable']?.default).toBe('AUTOGLM_GITLAB_TOKEN');
    expect(String(spec.spec.inputs.image?.default)).toMatch(/^node:24/);
  });

  it('adds only prefixed jobs, no global keywords and no hard-coded host', () => {
    const keys = Object.keys(body);
    expect(keys).toEqual(['$[[ inputs.job-prefix ]]-eval']);
    for (const k of GLOBAL) expect(keys).not.toContain(k);
    const job = body[keys[0] as string] as {
      script: string[];
      artifacts: { reports: Record<string, unknown> };
    };
    expect(text).not.toMatch(/gitlab\.com/);
    expect(job.script.join('\n')).toContain(
      'npx --yes --package "open-autoglm-ci@$[[ inputs.version ]]" autoglm run',
    );
    expect(Object.keys(job.artifacts.reports).sort()).toEqual([
      'codequality',
      'coverage_report',
      'dotenv',
      'junit',
      'metrics',
    ]);
  });
});
