/**
 * Library entry (`import ... from 'open-autoglm-ci'`): the engine behind the CLI and the action.
 *
 *   import { registry, runSuites } from 'open-autoglm-ci';
 *   registry.register('fp32', { path: 'model.onnx', adapter: 'classifier', batchSize: 8 });
 *   const results = await runSuites({ registry, suites: [{ name: 's', dataset: 'eval.jsonl' }], dir: '.' }, { cwd: '.' });
 */
export { runContext } from './baseline/context.js';
export { resolveBaseline } from './baseline/store.js';
export { compareResults } from './compare/compare.js';
export * as stats from './compare/stats.js';
export { loadConfig, parseConfig } from './config/load.js';
export { ConfigSchema } from './config/schema.js';
export { analyzeCoverage } from './coverage/analyze.js';
export { ExitCode, UsageError } from './errors.js';
export { type Adapter, registerAdapter } from './inference/adapters.js';
export { quantizeModelFile } from './inference/quantize.js';
export { ModelRegistry, registry } from './inference/registry.js';
export { runEvals, runSuites } from './pipeline/evals.js';
export { runPipeline } from './pipeline/run.js';
export { renderMarkdown } from './report/markdown.js';
export { readResults, writeResults } from './results/io.js';
export { type Results, ResultsSchema, SCHEMA_VERSION } from './results/schema.js';
