import vm from 'node:vm';
import type { LlmCaseResult, LlmRun } from '../../results/llm.js';
import { type AssertionResult, type GradeContext, gradeAll, weightedScore } from './assertions.js';
import type { LlmCase } from './cases.js';

/** One case x prompt of a suite, as every model is asked it. */
export interface Task {
  c: LlmCase;
  id: string;
  prompt: string;
}

function transformOutput(code: string, output: string, vars: Record<string, unknown>): string {
  const body = code.includes('\n') || /\breturn\b/.test(code) ? `(function(){${code}\n})()` : `(${code})`;
  const r: unknown = vm.runInNewContext(
    body,
    { output, context: { vars }, JSON, Math, String, Number },
    { timeout: 1000 },
  );
  return typeof r === 'string' ? r : JSON.stringify(r);
}

/** What grading needs of an answer, whoever gave it (an endpoint, a cassette, a local model). */
export interface GradedAnswer {
  output: string;
  latencyMs: number;
  /** The latency was recorded earlier (cache, cassette), not measured now. */
  recordedLatency: boolean;
  costUsd?: number;
}

/** Grade one answer against the case's assertions: pass, fail or skipped (nothing gradable). */
export async function gradeAnswer(
  task: Task,
  answer: GradedAnswer,
  baseDir: string,
  similarity: GradeContext['similarity'],
): Promise<Pick<LlmRun, 'status' | 'score' | 'output' | 'assertions'>> {
  let output = answer.output;
  let assertions: AssertionResult[];
  try {
    if (task.c.transform) output = transformOutput(task.c.transform, output, task.c.vars);
    assertions = await gradeAll(task.c.assert, output, {
      vars: task.c.vars,
      prompt: task.prompt,
      latencyMs: answer.latencyMs,
      recordedLatency: answer.recordedLatency,
      ...(answer.costUsd !== undefined ? { costUsd: answer.costUsd } : {}),
      ...(similarity ? { similarity } : {}),
      baseDir,
    });
  } catch (e) {
    assertions = [
      { type: 'transform', pass: false, score: 0, weight: 1, reason: `error: ${(e as Error).message}` },
    ];
  }
  const graded = assertions.filter((a) => !a.skipped);
  const score = weightedScore(graded);
  const status: LlmRun['status'] =
    assertions.length > 0 && graded.length === 0
      ? 'skipped'
      : (
            task.c.threshold !== undefined
              ? score >= task.c.threshold
              : graded.every((a) => a.pass || a.weight === 0)
          )
        ? 'pass'
        : 'fail';
  return { status, score, output, assertions };
}

/** A case's result over its repeats: passes when `threshold` of the graded repeats pass. */
export function caseResult(task: Task, runs: LlmRun[], threshold: number): LlmCaseResult {
  const graded = runs.filter((r) => r.status !== 'skipped');
  const passes = graded.filter((r) => r.status === 'pass').length;
  const passRate = graded.length ? passes / graded.length : 0;
  let status: LlmCaseResult['status'];
  if (graded.length === 0) status = 'skipped';
  else if (graded.every((r) => r.status === 'error')) status = 'error';
  else status = passRate >= threshold - 1e-12 ? 'pass' : 'fail';
  const group = task.c.metadata.group;
  return {
    id: task.id,
    prompt: task.prompt,
    vars: task.c.vars,
    status,
    passRate,
    ...(typeof group === 'string' ? { group } : {}),
    runs,
  };
}
