import type { ModelSpec } from '../../inference/registry.js';
import { openTextModel, type TextModel, timed } from '../../inference/text/model.js';
import type { LlmModelResult, LlmRun } from '../../results/llm.js';
import type { ProgressFn } from '../evaluate.js';
import type { GradeContext } from './assertions.js';
import { caseResult, gradeAnswer, type Task } from './grade.js';
import { llmMetrics } from './metrics.js';
import { cosine } from './scorers.js';

/** Local ONNX text models in LLM suites: a classifier answering the cases, an embedder for `similar`. */

export interface LocalRunOptions {
  name: string;
  repeat: number;
  repeatThreshold: number;
  baseDir: string;
  similarity?: GradeContext['similarity'];
  displayPath: (file: string) => string;
  progress?: ProgressFn;
}

const DETERMINISM =
  'local ONNX model on CPU: the same model file, tokenizer and text give the same answer (no sampling)';

/**
 * Ask a local ONNX text model every case: the text is the rendered prompt, the answer its label
 * (classifier) or number (regression), graded by the case's assertions like any model's answer.
 * Cases run one at a time after `warmup` untimed runs, each timed alone; the model never leaves this process, so there is no
 * cache, cassette, TTFT, token usage or cost.
 */
export async function runTextModelOnCases(
  spec: ModelSpec,
  tasks: readonly Task[],
  o: LocalRunOptions,
): Promise<LlmModelResult> {
  const model = await openTextModel(spec, o.displayPath);
  try {
    // Warm up as ONNX suites do (`warmup`, default 3), so the first case is not timed cold.
    const first = tasks[0];
    for (let i = 0; first && i < spec.warmup; i++) await model.answer(first.prompt);
    const cases = [];
    let done = 0;
    for (const task of tasks) {
      const runs: LlmRun[] = [];
      for (let r = 0; r < o.repeat; r++) {
        const { value: output, ms } = await timed(() => model.answer(task.prompt));
        const graded = await gradeAnswer(
          task,
          { output, latencyMs: ms, recordedLatency: false },
          o.baseDir,
          o.similarity,
        );
        runs.push({ ...graded, latencyMs: ms, source: 'local', attempts: 1 });
      }
      cases.push(caseResult(task, runs, o.repeatThreshold));
      o.progress?.(`${o.name}/${spec.name}: ${++done}/${tasks.length} cases`, done, tasks.length);
    }
    return {
      name: spec.name,
      api: 'onnx',
      path: model.display,
      profile: `${model.runtime.name} ${model.runtime.version}`,
      kind: spec.adapter.type,
      params: spec.pooling ? { pooling: spec.pooling } : {},
      identity: model.sha256,
      determinism: DETERMINISM,
      concurrency: 1,
      metrics: llmMetrics(
        cases,
        { hits: 0, misses: 0, requests: 0, retries: 0, throttled: 0 },
        model.memoryMiB(),
      ),
      cases,
    };
  } finally {
    await model.close();
  }
}

/** Cosine of a local ONNX embedding model's vectors, memoised per text. */
export async function localEmbedder(
  spec: ModelSpec,
  displayPath: (file: string) => string,
): Promise<{ similarity: NonNullable<GradeContext['similarity']>; finish: () => Promise<void> }> {
  const model: TextModel = await openTextModel(spec, displayPath);
  const memo = new Map<string, Promise<number[]>>();
  const embed = (text: string) => {
    let p = memo.get(text);
    if (!p) {
      p = model.embed(text);
      memo.set(text, p);
    }
    return p;
  };
  return {
    similarity: async (a, b) => cosine(await embed(a), await embed(b)),
    finish: () => model.close(),
  };
}
