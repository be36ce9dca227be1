import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { detectProject } from '../src/init/detect.js';
import { githubWorkflow } from '../src/init/plan.js';
import { DEMO, ROOT } from './helpers.js';

/**
 * action.yml and every GitHub workflow we ship or write, validated against the published schemas
 * (SchemaStore's github-action and github-workflow, as bundled by @action-validator/core; offline).
 */

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** YAML files under `dir` that are workflows (they have `on:` and `jobs:`), repo-relative. */
function workflowsUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .filter((f) => {
      const doc = parse(read(f)) as Record<string, unknown> | null;
      return doc !== null && typeof doc === 'object' && 'jobs' in doc && 'on' in doc;
    })
    .sort();
}

describe('workflows and action.yml against the published schemas', () => {
  it('action.yml (the schema of @action-validator 0.6.0 predates node24: checked apart)', () => {
    const text = read('action.yml');
    expect(parse(text).runs.using).toBe('node24');
    // node24 is what GitHub runs JavaScript actions on; the bundled schema's enum stops at node20.
    const result = validateAction(text.replace(/^(\s+using:\s+)node24$/m, '$1node20'));
    expect(result.errors).toEqual([]);
  });

  const workflows = [...workflowsUnder('.github/workflows'), ...workflowsUnder('examples')];
  it('finds the dogfood workflow and the examples', () => {
    expect(workflows).toContain(path.join('.github', 'workflows', 'autoglm.yml'));
    expect(workflows.some((f) => f.startsWith('examples'))).toBe(true);
  });

  it.each(workflows)('%s', (file) => {
    expect(validateWorkflow(read(file)).errors).toEqual([]);
  });

  it('the dogfood workflow runs this checkout (uses: ./) on the demo, on pushes and pull requests', () => {
    const wf = parse(read('.github/workflows/autoglm.yml'));
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    const step = wf.jobs.demo.steps.find((s: { uses?: string }) => s.uses === './');
    expect(step.with.config).toBe('examples/demo/autoglm.yml');
  });

  it('the workflow autoglm init writes, with and without a coverage step', async () => {
    const d = await detectProject(DEMO);
    for (const coverage of [false, true]) {
      const text = githubWorkflow(
        {
          ...d,
          tests: {
            runner: 'npm-test',
            command: 'NODE_V8_COVERAGE=coverage/v8 npm test',
            coverageFile: 'coverage/v8',
          },
        },
        { platform: 'github', testgen: false, coverage },
        'autoglm.yml',
      );
      expect(validateWorkflow(text).errors).toEqual([]);
    }
    // The validator does reject a broken workflow.
    expect(
      validateWorkflow('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - wth: 1\n').errors,
    ).not.toEqual([]);
  });
});
