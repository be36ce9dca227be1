import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CoverageConfig } from '../../config/coverage.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import { analyzeCoverage, coberturaInput, readCoverageBaseline } from '../../coverage/analyze.js';
import { UsageError } from '../../errors.js';
import { environment } from '../../pipeline/evals.js';
import { provenanceFromEnv } from '../../pipeline/provenance.js';
import { TOOL_VERSION } from '../../pipeline/version.js';
import { renderCobertura, renderCoverageMarkdown, renderCoverageTerminal } from '../../report/coverage.js';
import { COVERAGE_FORMATS } from '../../results/coverage.js';
import { writeFileAtomic, writeResults } from '../../results/io.js';
import { type Results, SCHEMA_VERSION } from '../../results/schema.js';
import { oneOf, parseFlags } from '../args.js';
import { type Command, commonHelp } from './shared.js';

const FORMATS = ['auto', ...COVERAGE_FORMATS] as const;

/** The config's `coverage:` section, when a config is named or `autoglm.yml` exists here. */
async function configSection(
  file: string | undefined,
  cwd: string,
): Promise<{ section: CoverageConfig; dir: string } | undefined> {
  const name = file ?? DEFAULT_CONFIG_FILE;
  const abs = path.resolve(cwd, name);
  if (!file && !existsSync(abs)) return undefined;
  const loaded = await loadConfig(abs, name);
  return loaded.config.coverage ? { section: loaded.config.coverage, dir: loaded.dir } : undefined;
}

export const coverageCommand: Command = {
  summary: 'read coverage reports, compare with a baseline, and measure coverage of the changed lines',
  help: `Usage: autoglm coverage --current FILE... [--baseline FILE] [--base REF] [--json FILE] [--cobertura FILE]

Reads the coverage your tests already produced (istanbul coverage-final.json, lcov.info, Cobertura
XML or raw V8 coverage, detected from the content), maps its paths onto this repository, merges
every report (shards, packages), compares it with a baseline and measures patch coverage: the lines
added or modified since the merge-base with --base that no test runs.

Options:
  --current FILE         report, glob or NODE_V8_COVERAGE folder (repeatable; more files may follow
                         as arguments). Default: coverage.files of the config
  --baseline FILE        an autoglm results document with a coverage section (e.g. an earlier
                         --json output) or a coverage report of any supported format
  --base REF             git ref or sha to diff against for patch coverage (default: coverage.base,
                         else the PR/MR base from GITHUB_BASE_REF or CI_MERGE_REQUEST_DIFF_BASE_SHA)
  --format F             auto (default) | istanbul | lcov | cobertura | v8
  --exclude GLOB         repo-relative files not to count (repeatable; raw V8 defaults to c8's list)
  --root DIR             folder report paths are mapped onto (default: the working directory)
  --cobertura FILE       also write Cobertura XML for GitLab's coverage_report (<= 10 MiB)
  --markdown FILE        also write the markdown coverage section
  --json FILE            write a results document (schema in docs/results.md) with the coverage
                         section; usable as a later --baseline

Gates (coverage.gates in the config) are evaluated by the gate step of autoglm run.
${commonHelp({ json: false })}`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      'coverage',
      argv,
      {
        config: { type: 'string' },
        json: { type: 'string' },
        current: { type: 'string', multiple: true },
        baseline: { type: 'string' },
        base: { type: 'string' },
        format: { type: 'string' },
        exclude: { type: 'string', multiple: true },
        root: { type: 'string' },
        cobertura: { type: 'string' },
        markdown: { type: 'string' },
        debug: { type: 'boolean' },
      },
      true,
    );
    const fromConfig = await configSection(values.config, io.cwd);
    const flagged = [...(values.current ?? []), ...positionals];
    if (positionals.length > 0 && !values.current?.length) {
      throw new UsageError(
        `autoglm coverage: unexpected argument ${JSON.stringify(positionals[0])}; reports follow --current`,
      );
    }
    const files = flagged.length ? flagged : (fromConfig?.section.files ?? []);
    if (files.length === 0) {
      throw new UsageError(
        'autoglm coverage: no coverage report given',
        'pass --current coverage/coverage-final.json (or lcov.info, cobertura XML, a NODE_V8_COVERAGE folder), or set coverage.files in autoglm.yml',
      );
    }
    const filesCwd = flagged.length || !fromConfig ? io.cwd : fromConfig.dir;
    const format = oneOf('--format', values.format, FORMATS) ?? fromConfig?.section.format ?? 'auto';
    const exclude = values.exclude ?? fromConfig?.section.exclude;
    const root = path.resolve(io.cwd, values.root ?? '.');
    const common = { cwd: io.cwd, root, format, ...(exclude ? { exclude } : {}) };
    const baseline = values.baseline ? await readCoverageBaseline(values.baseline, common) : undefined;
    const base = values.base ?? fromConfig?.section.base;
    const analysis = await analyzeCoverage({
      ...common,
      cwd: filesCwd,
      files,
      ...(baseline ? { baseline } : {}),
      ...(base ? { base } : {}),
      env: io.env,
      gateIndirect: fromConfig?.section.gate_indirect ?? false,
    });
    const section = analysis.section;
    const cobertura =
      values.cobertura ??
      (fromConfig?.section.cobertura
        ? path.resolve(fromConfig.dir, fromConfig.section.cobertura)
        : undefined);
    if (cobertura) {
      const out = renderCobertura(coberturaInput(analysis));
      await writeFileAtomic(path.resolve(io.cwd, cobertura), out.xml);
      if (out.dropped.length) {
        section.notices.push(
          `${cobertura}: ${out.dropped.length} of ${out.included + out.dropped.length} files left out to stay under GitLab's 10 MiB limit (files this change touched were kept first)`,
        );
      }
    }
    if (values.markdown)
      await writeFileAtomic(path.resolve(io.cwd, values.markdown), `${renderCoverageMarkdown(section)}\n`);
    if (values.json) {
      const results: Results = {
        schemaVersion: SCHEMA_VERSION,
        tool: { name: 'open-autoglm-ci', version: TOOL_VERSION },
        createdAt: new Date().toISOString(),
        provenance: provenanceFromEnv(io.env),
        environment: environment(),
        suites: [],
        coverage: section,
        gates: [],
        verdict: 'pass',
      };
      await writeResults(path.resolve(io.cwd, values.json), results);
    }
    io.stdout(renderCoverageTerminal(section));
    return 0;
  },
};
