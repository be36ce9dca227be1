import { moduleCoverage } from './arms.js';
import { type EmitFunction, renderTestFile } from './emit.js';
import type { FunctionReport, GenerateOptions, GenerateResult } from './generate-types.js';
import type { Arm } from './instrument.js';
import { type RunnableTestFile, runEmittedTests } from './runtests.js';
import type { FunctionInfo, SourceFileInfo } from './types.js';

/** A module's generated tests, ready to be written and run. */
export interface Runnable {
  file: RunnableTestFile;
  info: SourceFileInfo;
  emits: EmitFunction[];
  reports: FunctionReport[];
  armsOf: Map<FunctionInfo, number[]>;
}

/**
 * Emit each module's test file and run it for real: tests that fail as test files are dropped and
 * the file is run once more; the module's coverage and each function's are read from that run.
 */
export async function runAndPrune(
  runnable: Runnable[],
  options: GenerateOptions,
  result: GenerateResult,
  log: (m: string) => void,
  rel: (f: string) => string,
): Promise<void> {
  const render = (r: (typeof runnable)[number]) =>
    renderTestFile(r.info, r.file.testFile, r.emits, options.framework);
  const withTests = runnable.filter((r) => r.emits.some((e) => e.tests.length > 0));
  if (options.runTests && withTests.length > 0) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const run = await runEmittedTests(
        withTests.map((r) => ({ file: r.file, content: render(r) })),
        options.root,
        Math.max(30_000, options.callTimeoutMs * 50),
      );
      result.junitXml = run.junitXml;
      if (run.error) result.stats.testRunError = run.error;
      let dropped = 0;
      for (const r of withTests) {
        const failed = run.failures.get(r.file.testFile) ?? new Set();
        if (process.env.AUTOGLM_DEBUG) for (const f of failed) log(`debug failed when run: ${f}`);
        for (const e of r.emits) {
          const keep = e.tests.filter(
            (t) => !failed.has(` > ${e.fn.name} > ${t.name}`) && !failed.has(`${e.fn.name} > ${t.name}`),
          );
          dropped += e.tests.length - keep.length;
          e.tests = keep;
        }
        const hits = run.branchHits.get(r.file.prepared.file) ?? {};
        const fileReport = result.files.find((f) => f.file === rel(r.info.file));
        if (fileReport)
          fileReport.module = moduleCoverage(
            r.file.prepared,
            hits,
            run.statementHits.get(r.file.prepared.file) ?? {},
          );
        for (const rep of r.reports) {
          const e = r.emits.find((x) => x.fn.name === rep.name && x.fn.line === rep.line);
          if (!e) continue;
          const armIdx = r.armsOf.get(e.fn) ?? [];
          rep.branches.covered = armIdx.filter((i) => {
            const arm = r.file.prepared.arms[i] as Arm;
            return (hits[arm.branch]?.[arm.arm] ?? 0) > 0;
          }).length;
          rep.measured = true;
          if (rep.tests > 0 && e.tests.length === 0) {
            rep.status = 'skipped';
            rep.reason = 'its generated tests failed when run as test files';
          }
          rep.tests = e.tests.length;
          rep.bySolver = e.tests.filter((t) => t.origin === 'solver').length;
          rep.bySearch = rep.tests - rep.bySolver;
        }
      }
      if (dropped === 0) break;
      log(`dropped ${dropped} test(s) that failed when run; re-running`);
    }
  }
  for (const r of withTests) {
    if (r.emits.some((e) => e.tests.length > 0)) result.outputs.set(r.file.testFile, render(r));
  }
}
