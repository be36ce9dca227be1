import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runContext } from '../baseline/context.js';
import { type Resolution, resolveBaseline } from '../baseline/store.js';
import { compareResults } from '../compare/compare.js';
import { coverageGateResults } from '../compare/coverage-gates.js';
import { unevaluatedRelativeGates } from '../compare/gate-status.js';
import { verdictOf } from '../compare/gates.js';
import { coverageGates } from '../config/coverage.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import type { BaselineConfig } from '../config/schema.js';
import { runCost } from '../cost/run-cost.js';
import {
  analyzeCoverage,
  baselineFromSection,
  coberturaInput,
  coverageOptionsFromConfig,
} from '../coverage/analyze.js';
import { ExitCode } from '../errors.js';
import type { ProgressFn } from '../evals/evaluate.js';
import { publishGitlab } from '../platform/gitlab/publish.js';
import { gitlabReportPath } from '../platform/gitlab/reports.js';
import { renderCobertura } from '../report/coverage.js';
import { renderMarkdown } from '../report/markdown.js';
import type { CoverageResult } from '../results/coverage.js';
import { writeFileAtomic, writeResults } from '../results/io.js';
import type { Results, Verdict } from '../results/schema.js';
import { baselineModelFor, baselineSetupOf, storeFor } from './baseline.js';
import { type InterleaveSetting, resultsDocument, runEvals } from './evals.js';
import type { LlmSettings } from './llm.js';
import { runShard } from './merge-run.js';
import { applyPlan, isScheduled, planForRun, planSuitesOf, repoRoot } from './plan/index.js';
import type { Shard } from './shard.js';
import { configSources } from './sources.js';
import { type AnomalyEvent, triage } from './triage.js';
import { nextTriage, runAnomalies } from './triage-queue.js';

export const FAIL_ON = ['regression', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The typed options every front door builds: CLI flags and action inputs parse into this. */
export interface RunSettings {
  /** Config file; relative paths are resolved against `cwd`. */
  config: string;
  cwd: string;
  failOn: FailOn;
  /** Override `report.results` / `report.markdown` of the config. */
  results?: string;
  report?: string;
  progress?: ProgressFn;
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Override `baseline.store` (the action's `baseline` input). */
  baselineStore?: BaselineConfig['store'];
  /** Token for API-backed stores (the action's `github-token`). */
  token?: string;
  /** Repository root that `results.sources` paths are relative to (default `cwd`). */
  sourceRoot?: string;
  /** LLM suites: --record, --replay, --no-cache. */
  llm?: LlmSettings;
  /** Run one shard of the evals (`--shard i/N`); `autoglm merge` joins them, then compares once. */
  shard?: Shard;
  /** The PR's changed files, when the platform gives them (else `git diff` from the merge-base). */
  changedFiles?: readonly string[];
  /** Anomaly events to triage (`--events FILE`): level >= 4 makes this run the full regression. */
  events?: readonly AnomalyEvent[];
}

export interface RunOutcome {
  results: Results;
  resultsPath: string;
  reportPath: string;
  markdown: string;
  exitCode: ExitCode;
}

/** Map a verdict to the process exit code the user asked for with fail-on. */
export function exitCodeFor(verdict: Verdict, failOn: FailOn): ExitCode {
  if (failOn === 'never') return ExitCode.Pass;
  if (verdict === 'regression') return ExitCode.Regression;
  if (verdict === 'warning' && failOn === 'warning') return ExitCode.Regression;
  return ExitCode.Pass;
}

/** Write the results document and the markdown report, each atomically. */
export async function writeOutputs(
  results: Results,
  loaded: Pick<LoadedConfig, 'config'>,
  settings: Pick<RunSettings, 'cwd' | 'results' | 'report'>,
): Promise<Pick<RunOutcome, 'resultsPath' | 'reportPath' | 'markdown'>> {
  const resultsPath = path.resolve(settings.cwd, settings.results ?? loaded.config.report.results);
  const reportPath = path.resolve(settings.cwd, settings.report ?? loaded.config.report.markdown);
  const markdown = renderMarkdown(results, { title: loaded.config.report.title });
  await writeResults(resultsPath, results);
  await writeFileAtomic(reportPath, markdown);
  return { resultsPath, reportPath, markdown };
}

/** Ingest the project's coverage reports, compare with the baseline's coverage, patch coverage at the merge-base. */
async function coverageStep(
  loaded: LoadedConfig,
  settings: RunSettings,
  mergeBaseSha: string | undefined,
  baseline: Results | undefined,
  log: (m: string) => void,
): Promise<CoverageResult> {
  const cfg = loaded.config.coverage as NonNullable<typeof loaded.config.coverage>;
  const opts = coverageOptionsFromConfig(cfg, loaded.dir, settings.cwd);
  const analysis = await analyzeCoverage({
    ...opts,
    ...(mergeBaseSha && !cfg.base ? { base: mergeBaseSha } : {}),
    env: settings.env ?? process.env,
    ...(baseline?.coverage ? { baseline: baselineFromSection(baseline.coverage, 'the baseline run') } : {}),
  });
  // In GitLab CI the component's coverage_report reads our Cobertura from its reports folder too.
  const coberturaPaths = [
    ...new Set([opts.cobertura, gitlabReportPath(settings.cwd, settings.env ?? process.env, 'cobertura')]),
  ].filter((p): p is string => Boolean(p));
  if (coberturaPaths.length) {
    const cobertura = renderCobertura(coberturaInput(analysis));
    for (const file of coberturaPaths) await writeFileAtomic(file, cobertura.xml);
    if (cobertura.dropped.length) {
      log(`Cobertura report kept under GitLab's limits: ${cobertura.dropped.length} file(s) left out`);
    }
  }
  return analysis.section;
}

export interface BaselineStep {
  /** What the run compared against (or why nothing), and where this run was saved. */
  saved?: string;
  notes: string[];
}

/** Why a run has nothing to compare with: the words of a not-evaluated baseline gate. */
function noComparison(store: { name: string } | undefined): string {
  return store ? 'no baseline to compare with' : 'comparison is off (baseline.store: none)';
}

/**
 * Resolve the baseline, time changed models against their baseline versions, compare, and save
 * this run where the event allows it (pushes to the default or a protected branch).
 */
export async function withBaseline(
  loaded: LoadedConfig,
  settings: RunSettings,
  evaluate: (interleave?: InterleaveSetting) => Promise<Results>,
  finish?: (results: Results, baseline: Results | undefined) => void,
): Promise<{ results: Results; step: BaselineStep }> {
  const cfg = loaded.config.baseline;
  const log = settings.log ?? (() => {});
  const store = storeFor(
    { ...cfg, ...(settings.baselineStore ? { store: settings.baselineStore } : {}) },
    settings.cwd,
    log,
    loaded.dir,
    path
      .relative(settings.cwd, path.resolve(settings.cwd, settings.results ?? loaded.config.report.results))
      .split(path.sep)
      .join('/'),
  );
  const env = settings.env ?? process.env;
  const ctx = await runContext(settings.cwd, env, { token: settings.token, baseBranch: cfg.base_branch });
  const resolution: Resolution = store
    ? await resolveBaseline(store, ctx)
    : { notes: ['comparison is off (baseline.store: none)'] };
  let history: Results[] = [];
  const branch = resolution.baseline?.branch ?? ctx.baseBranch;
  if (store?.history && branch) {
    history = await store.history(branch, cfg.history, ctx).catch((e: Error) => {
      resolution.notes.push(`could not read the history of ${branch}: ${e.message}`);
      return [];
    });
  }
  const interleave: InterleaveSetting | undefined =
    store && cfg.rounds > 0
      ? {
          rounds: cfg.rounds,
          resolve: (spec) => baselineModelFor(spec, ctx, settings.cwd),
          setup: (suite, model) => baselineSetupOf(resolution.baseline?.results, suite, model),
        }
      : undefined;
  const results = await evaluate(interleave);
  const b = resolution.baseline;
  if (loaded.config.coverage) {
    results.coverage = await coverageStep(loaded, settings, ctx.mergeBaseSha, b?.results, log);
  }
  if (loaded.config.testgen) {
    // Loaded on use: the TypeScript compiler and the solver cost nothing to runs without testgen.
    const { runTestgen } = await import('../testgen/index.js');
    const cfg = loaded.config.testgen;
    const base = cfg.base ?? ctx.mergeBaseSha;
    const gitlabJunit = gitlabReportPath(settings.cwd, env, 'testgenJunit');
    const junit = cfg.junit ? undefined : gitlabJunit;
    const outcome = await runTestgen({
      cwd: settings.cwd,
      config: cfg,
      configDir: loaded.dir,
      ...(base ? { base } : {}),
      ...(junit ? { junit } : {}),
      log,
    });
    results.testgen = outcome.result;
    if (gitlabJunit && outcome.junitPath && outcome.junitPath !== gitlabJunit) {
      await writeFileAtomic(gitlabJunit, await readFile(outcome.junitPath));
    }
  }
  results.comparison = compareResults(results, b?.results, {
    gates: loaded.config.gates,
    history,
    notes: resolution.notes,
    alpha: cfg.alpha,
    noiseK: cfg.noise_k,
    ...(b
      ? {
          baselineInfo: {
            store: b.store,
            matched: b.matched,
            location: b.location,
            ...(b.sha ? { sha: b.sha } : {}),
            ...(b.branch ? { branch: b.branch } : {}),
            ...(b.ref ? { ref: b.ref } : {}),
            ...(b.refRelation ? { refRelation: b.refRelation } : {}),
            ...(b.runId ? { runId: b.runId } : {}),
            createdAt: b.createdAt,
            ageHours: b.ageHours,
          },
        }
      : {}),
  });
  if (results.coverage) {
    const cov = coverageGateResults(
      results.coverage,
      b?.results.coverage,
      coverageGates(loaded.config.coverage),
      b ? 'the baseline has no coverage section' : noComparison(store),
    );
    results.gates.push(...cov.outcomes);
    results.comparison.findings.push(...cov.findings);
    if (cov.findings.some((f) => f.outcome === 'regression' && f.mode !== 'info'))
      results.comparison.outcome = 'regression';
  }
  results.gates.push(
    ...unevaluatedRelativeGates(
      loaded.config.gates,
      results.comparison.findings,
      b ? undefined : noComparison(store),
    ),
  );
  results.verdict = verdictOf(results.gates, results.comparison.findings);
  finish?.(results, b?.results);
  const step: BaselineStep = { notes: resolution.notes };
  if (store && ctx.canSave && store.name !== 'file') {
    // Saving is bookkeeping: a failure warns, it never fails a green job.
    try {
      step.saved = await store.save(results, ctx);
      log(`saved this run as the baseline of ${ctx.branch}: ${step.saved}`);
    } catch (e) {
      log(`warning: could not save the baseline: ${(e as Error).message}`);
    }
  }
  return { results, step };
}

/** `autoglm run`: load the config, run the evals, compare with the baseline, gate, write results and report. */
export async function runPipeline(settings: RunSettings): Promise<RunOutcome> {
  const loaded = await loadConfig(path.resolve(settings.cwd, settings.config), settings.config);
  if (settings.shard) return runShard(loaded, settings);
  const env = settings.env ?? process.env;
  const triaged = settings.events
    ? triage(settings.events, planSuitesOf(loaded, await repoRoot(loaded.dir)))
    : undefined;
  const plan = await planForRun(loaded, env, {
    ...(settings.changedFiles ? { changedFiles: settings.changedFiles } : {}),
    ...(triaged?.escalation ? { escalation: triaged.escalation } : {}),
  });
  const selected = applyPlan(loaded, plan);
  const started = performance.now();
  let evalSeconds = 0;
  const { results } = await withBaseline(
    loaded,
    settings,
    async (interleave) => {
      const t = performance.now();
      const r =
        selected.config.suites.length === 0 && loaded.config.suites.length > 0
          ? resultsDocument([], [], settings)
          : await runEvals(selected, { ...settings, ...(interleave ? { interleave } : {}) });
      evalSeconds = (performance.now() - t) / 1000;
      return r;
    },
    (done, baseline) => {
      done.plan = plan;
      // A suite the plan skipped is not "removed since the baseline": say why it did not run.
      const skipped = new Map(plan.suites.filter((p) => !p.run).map((p) => [p.name, p.reason]));
      if (done.comparison) {
        done.comparison.notes = done.comparison.notes.map((n) => {
          const name = /^suite (.+) was removed since the baseline$/.exec(n)?.[1];
          const why = name === undefined ? undefined : skipped.get(name);
          return why === undefined ? n : `suite ${name} skipped by the run plan: ${why}`;
        });
      }
      const prices = loaded.config.cost;
      if (prices) {
        const other = Math.max(0, (performance.now() - started) / 1000 - evalSeconds);
        const stages = [
          { stage: 'evals', seconds: evalSeconds },
          { stage: 'baseline, coverage, testgen, compare', seconds: other },
        ];
        done.cost = runCost(done, stages, prices, baseline);
      }
      const rows = [
        ...(triaged?.rows.map((r) => ({ ...r, source: 'events' as const })) ?? []),
        ...runAnomalies(done),
      ];
      const t = nextTriage(
        rows,
        baseline?.triage?.queue ?? [],
        isScheduled(env),
        Boolean(triaged?.escalation),
      );
      if (t.rows.length || t.queue.length || t.drained?.length) done.triage = t;
    },
  );
  const configPath = path.resolve(settings.cwd, settings.config);
  results.sources = configSources(loaded, configPath, settings.sourceRoot ?? settings.cwd);
  const written = await writeOutputs(results, loaded, settings);
  const exitCode = exitCodeFor(results.verdict, settings.failOn);
  if (env.GITLAB_CI === 'true') {
    await publishGitlab({
      results,
      cwd: settings.cwd,
      env,
      config: settings.config,
      title: loaded.config.report.title,
      exitCode,
      log: settings.log ?? (() => {}),
    });
  }
  return { results, ...written, exitCode };
}
