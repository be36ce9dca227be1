import { existsSync } from 'node:fs';
import path from 'node:path';
import { compareResults } from '../../compare/compare.js';
import { unevaluatedRelativeGates } from '../../compare/gate-status.js';
import { verdictOf } from '../../compare/gates.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import { exitCodeFor, FAIL_ON } from '../../pipeline/run.js';
import { comparisonLines } from '../../report/comparison.js';
import { gateSummary } from '../../report/headline.js';
import { verdictLine } from '../../report/terminal.js';
import { readResults } from '../../results/io.js';
import { oneOf, parseFlags } from '../args.js';
import { COMMON_HELP, type Command, writeJson } from './shared.js';

export const compareCommand: Command = {
  summary: 'compare two results documents with the gates and the statistics',
  help: `Usage: autoglm compare --baseline FILE --current FILE [options]

Compares a results document with a baseline one, metric by metric and model by model: paired
McNemar tests on the same samples for accuracy, interleaved timings for latency when the current
run has them, and thresholds for deterministic metrics. Gates come from the config when there is
one (max_drop, max_increase, modes block / warn / info).

Options:
  --baseline FILE   the baseline autoglm-results.json
  --current FILE    this run's autoglm-results.json
  --fail-on LEVEL   regression (default) | warning | never
${COMMON_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags('compare', argv, {
      baseline: { type: 'string' },
      current: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'string' },
      'fail-on': { type: 'string' },
      debug: { type: 'boolean' },
    });
    if (!values.baseline || !values.current) {
      throw new UsageError(
        'autoglm compare: --baseline FILE and --current FILE are both required',
        'see autoglm compare --help',
      );
    }
    const failOn = oneOf('--fail-on', values['fail-on'], FAIL_ON) ?? 'regression';
    const configFile = values.config ?? DEFAULT_CONFIG_FILE;
    const hasConfig = values.config !== undefined || existsSync(path.resolve(io.cwd, configFile));
    const loaded = hasConfig ? await loadConfig(path.resolve(io.cwd, configFile), configFile) : undefined;
    const baseline = await readResults(path.resolve(io.cwd, values.baseline));
    const current = await readResults(path.resolve(io.cwd, values.current));
    const comparison = compareResults(current, baseline, {
      gates: loaded?.config.gates ?? {},
      alpha: loaded?.config.baseline.alpha,
      noiseK: loaded?.config.baseline.noise_k,
      baselineInfo: {
        store: 'file',
        matched: 'file',
        location: values.baseline,
        ...(baseline.provenance.sha ? { sha: baseline.provenance.sha } : {}),
        ...(baseline.provenance.ref ? { branch: baseline.provenance.ref } : {}),
        ...(baseline.provenance.runId ? { runId: baseline.provenance.runId } : {}),
        createdAt: baseline.createdAt,
        ageHours: Math.max(0, (Date.parse(current.createdAt) - Date.parse(baseline.createdAt)) / 3_600_000),
      },
    });
    // Baseline-relative gates the run could not judge are judged here, against --baseline.
    const gates = [
      ...current.gates.filter((g) => !(g.status === 'not evaluated' && g.rule && g.suite !== 'coverage')),
      ...unevaluatedRelativeGates(loaded?.config.gates ?? {}, comparison.findings, undefined),
    ];
    const verdict = verdictOf(gates, comparison.findings);
    const exitCode = exitCodeFor(verdict, failOn);
    const judged = { ...current, gates, comparison, verdict };
    io.stdout(
      `${comparisonLines(comparison).join('\n')}\nGates: ${gateSummary(judged)}\n${verdictLine(judged)}\n`,
    );
    await writeJson(values.json, io.cwd, { verdict, exitCode, comparison });
    return exitCode;
  },
};
