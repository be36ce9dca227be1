import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; if?: string }>;
}

const dir = path.join(ROOT, 'examples', 'github');
const load = (name: string) => parse(readFileSync(path.join(dir, name), 'utf8')) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const ours = (w: Workflow) => steps(w).find((s) => s.uses?.startsWith('open-autoglm/open-autoglm-ci@'));

describe('the example workflows keep fork PRs safe', () => {
  it('live in examples/github/, never in templates/ (GitLab reads every templates/*.yml)', () => {
    expect(readdirSync(dir).sort()).toEqual([
      'autoglm-analyze.yml',
      'autoglm-commands.yml',
      'autoglm-publish.yml',
      'autoglm.yml',
      'sharded.yml',
    ]);
    expect(
      readdirSync(path.join(ROOT, 'templates')).filter((f) => /autoglm-(analyze|publish|commands)/.test(f)),
    ).toEqual([]);
  });

  it('stage one reads only, uses no secret and posts nothing', () => {
    const text = readFileSync(path.join(dir, 'autoglm-analyze.yml'), 'utf8');
    const w = load('autoglm-analyze.yml');
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    expect(w.permissions).toEqual({ contents: 'read' });
    expect(text).not.toMatch(/secrets\./);
    expect(ours(w)?.with?.mode).toBe('analyze');
    expect(steps(w).some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
  });

  it('stage two and the comment commands never check out or run PR code', () => {
    for (const name of ['autoglm-publish.yml', 'autoglm-commands.yml']) {
      const w = load(name);
      expect(steps(w).some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
      expect(steps(w).some((s) => s.run !== undefined)).toBe(false);
    }
    const publish = load('autoglm-publish.yml');
    expect(Object.keys(publish.on)).toEqual(['workflow_run']);
    expect(publish.permissions).toMatchObject({ checks: 'write', 'pull-requests': 'write', actions: 'read' });
    expect(ours(publish)?.with?.mode).toBe('publish');
    const commands = load('autoglm-commands.yml');
    expect(Object.keys(commands.on)).toEqual(['issue_comment']);
  });
});
