import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderCodeQuality } from '../../report/codequality.js';
import { renderDotenv } from '../../report/dotenv.js';
import { renderEvalJunit } from '../../report/junit-evals.js';
import { renderOpenMetrics } from '../../report/openmetrics.js';
import { coverageMetrics } from '../../results/coverage.js';
import { writeFileAtomic } from '../../results/io.js';
import type { Results } from '../../results/schema.js';

/** Where `autoglm run` writes GitLab's report artifacts; the component's `artifacts:reports` name these files. */
export const DEFAULT_REPORTS_DIR = 'autoglm-reports';

export const REPORT_FILES = {
  junit: 'junit.xml',
  testgenJunit: 'junit-testgen.xml',
  codequality: 'codequality.json',
  cobertura: 'cobertura.xml',
  dotenv: 'autoglm.env',
  metrics: 'metrics.txt',
} as const;

/** The reports folder (absolute) when running in GitLab CI, else undefined. AUTOGLM_REPORTS_DIR overrides it. */
export function gitlabReportsDir(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITLAB_CI !== 'true') return undefined;
  return path.resolve(cwd, env.AUTOGLM_REPORTS_DIR || DEFAULT_REPORTS_DIR);
}

/** A report file of the folder, when running in GitLab CI. */
export function gitlabReportPath(
  cwd: string,
  env: NodeJS.ProcessEnv,
  file: keyof typeof REPORT_FILES,
): string | undefined {
  const dir = gitlabReportsDir(cwd, env);
  return dir ? path.join(dir, REPORT_FILES[file]) : undefined;
}

/**
 * The line the component's `coverage:` regex reads, so the MR widget shows coverage and its
 * delta on every tier: `autoglm coverage: lines 81.52%` (patch coverage appended when known).
 */
export function coverageLogLine(results: Results): string | undefined {
  if (!results.coverage) return undefined;
  const m = coverageMetrics(results.coverage);
  const patch = m['coverage.patch'];
  return `autoglm coverage: lines ${(m['coverage.lines'] as number).toFixed(2)}%${patch !== undefined ? ` (patch ${patch.toFixed(2)}%)` : ''}`;
}

/** Source lines [begin, end] of a repo file, for content-based Code Quality fingerprints. */
function lineReader(root: string): (file: string, begin: number, end: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, begin, end) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(path.resolve(root, file), 'utf8').split('\n'));
      } catch {
        cache.set(file, null);
      }
    }
    const lines = cache.get(file);
    return lines ? lines.slice(begin - 1, end).join('\n') : undefined;
  };
}

/** Write JUnit, Code Quality, dotenv and OpenMetrics reports into `dir`; returns the files written. */
export async function writeGitlabReports(
  results: Results,
  dir: string,
  options: { cwd: string; configPath?: string; extraEnv?: Record<string, string> },
): Promise<string[]> {
  const files: Array<[string, string]> = [
    [REPORT_FILES.junit, renderEvalJunit(results)],
    [
      REPORT_FILES.codequality,
      `${JSON.stringify(
        renderCodeQuality(results, {
          lineText: lineReader(options.cwd),
          ...(options.configPath ? { configPath: options.configPath } : {}),
        }),
        null,
        2,
      )}\n`,
    ],
    [REPORT_FILES.dotenv, renderDotenv(results, options.extraEnv)],
    [REPORT_FILES.metrics, renderOpenMetrics(results)],
  ];
  const written: string[] = [];
  for (const [name, text] of files) {
    const file = path.join(dir, name);
    await writeFileAtomic(file, text);
    written.push(file);
  }
  return written;
}
