import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { COVERAGE_VAR, type PreparedModule, toCommonJs } from './instrument.js';

/** A test file to run, with the prepared (instrumented) module it tests. */
export interface RunnableTestFile {
  /** Absolute path where the test file is (or would be) written. */
  testFile: string;
  source: string;
  prepared: PreparedModule;
}

export interface TestRunResult {
  /** `describe name > test name` of every failing test, per test file. */
  failures: Map<string, Set<string>>;
  /** Tests that ran, per test file. */
  passed: Map<string, number>;
  /** Branch hit counts per source module (istanbul `b`), summed over the run. */
  branchHits: Map<string, Record<string, number[]>>;
  /** Statement hit counts per source module (istanbul `s`), summed over the run. */
  statementHits: Map<string, Record<string, number>>;
  junitXml: string;
  /** Set when the run itself failed (not a test). */
  error?: string;
}

/** Minimal vitest / jest API over node:test, for running emitted tests without those frameworks. */
const FRAMEWORK_SHIM = `'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
function matches(e, expected) {
  if (expected === undefined) return;
  const msg = e && typeof e.message === 'string' ? e.message : String(e);
  if (typeof expected === 'string') assert.ok(msg.includes(expected), 'error message ' + JSON.stringify(msg) + ' does not contain ' + JSON.stringify(expected));
  else if (expected instanceof RegExp) assert.match(msg, expected);
  else if (typeof expected === 'function') assert.ok(e instanceof expected);
}
function expect(actual) {
  return {
    toBe: (v) => assert.ok(Object.is(actual, v), 'expected ' + String(actual) + ' to be ' + String(v)),
    toEqual: (v) => assert.deepStrictEqual(actual, v),
    toStrictEqual: (v) => assert.deepStrictEqual(actual, v),
    toThrow: (m) => { let threw = false; try { actual(); } catch (e) { threw = true; matches(e, m); } assert.ok(threw, 'expected a throw'); },
    rejects: { toThrow: async (m) => { let threw = false; try { await actual; } catch (e) { threw = true; matches(e, m); } assert.ok(threw, 'expected a rejection'); } },
  };
}
module.exports = { describe: test.describe, it: test.it, test: test.it, expect };
`;

const HOOK = `'use strict';
process.on('exit', () => {
  const cov = globalThis[${JSON.stringify(COVERAGE_VAR)}];
  if (!cov) return;
  require('node:fs').writeFileSync(require('node:path').join(process.env.AUTOGLM_COV_DIR, process.pid + '.json'), JSON.stringify(cov));
});
`;

/** The name a module gets in the run folder: what the test's import specifier points at. */
function runName(file: string): string {
  return file
    .replace(/\.tsx?$/, '.js')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs')
    .replace(/\.jsx$/, '.js');
}

function decode(s: string): string {
  // node's junit reporter escapes entities twice in attributes.
  let out = s;
  for (let i = 0; i < 2; i++) {
    out = out
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return out;
}

interface JunitCase {
  name?: string;
  failure?: unknown;
  error?: unknown;
  skipped?: unknown;
}
interface JunitSuite {
  name?: string;
  testcase?: JunitCase | JunitCase[];
  testsuite?: JunitSuite | JunitSuite[];
  file?: string;
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * Run emitted test files for real with `node --test`, the module under test instrumented by
 * istanbul: the branch coverage of the report is measured on this run, and its JUnit XML kept.
 * Each file runs on its own so a failure is attributed to its file.
 */
export async function runEmittedTests(
  files: { file: RunnableTestFile; content: string }[],
  root: string,
  timeoutMs: number,
): Promise<TestRunResult> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'autoglm-testgen-'));
  const result: TestRunResult = {
    failures: new Map(),
    passed: new Map(),
    branchHits: new Map(),
    statementHits: new Map(),
    junitXml: '',
  };
  try {
    writeFileSync(path.join(tmp, 'package.json'), '{"type":"commonjs"}\n');
    for (const pkg of ['vitest', '@jest/globals']) {
      const dir = path.join(tmp, 'node_modules', pkg);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'index.js'), FRAMEWORK_SHIM);
    }
    const hook = path.join(tmp, 'autoglm-coverage-hook.cjs');
    writeFileSync(hook, HOOK);
    const covDir = path.join(tmp, 'coverage');
    mkdirSync(covDir);
    const place = (abs: string) => path.join(tmp, 'src', path.relative(root, abs));
    const tmpToSource = new Map<string, string>();
    const runFiles: [string, string][] = [];
    for (const { file, content } of files) {
      for (const [mod, code] of Object.entries(file.prepared.sources)) {
        const target = runName(place(mod));
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, toCommonJs(code, mod, target.endsWith('.mjs')));
        if (mod === file.prepared.file) tmpToSource.set(target, mod);
      }
      const testTarget = runName(place(file.testFile));
      mkdirSync(path.dirname(testTarget), { recursive: true });
      writeFileSync(testTarget, toCommonJs(content, file.testFile, testTarget.endsWith('.mjs')));
      runFiles.push([file.testFile, testTarget]);
    }
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true });
    const xmlParts: string[] = [];
    for (const [testFile, target] of runFiles) {
      const junit = path.join(tmp, `junit-${xmlParts.length}.xml`);
      const error = await new Promise<string | undefined>((resolve) => {
        execFile(
          process.execPath,
          ['--test', '--test-reporter=junit', `--test-reporter-destination=${junit}`, target],
          {
            cwd: tmp,
            timeout: timeoutMs,
            env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: `--require=${hook}`, AUTOGLM_COV_DIR: covDir },
            maxBuffer: 16 * 1024 * 1024,
          },
          (err) =>
            resolve(
              err && (err as NodeJS.ErrnoException & { killed?: boolean }).killed
                ? `test run of ${testFile} timed out`
                : undefined,
            ),
        );
      });
      if (error) result.error = error;
      let xml = '';
      try {
        xml = readFileSync(junit, 'utf8');
      } catch {
        result.error ??= `no JUnit output for ${testFile}`;
        continue;
      }
      xmlParts.push(
        xml
          .replace(/^<\?xml[^>]*>\s*/, '')
          .replace(/^<testsuites>\s*/, '')
          .replace(/\s*<\/testsuites>\s*$/, ''),
      );
      const failed = new Set<string>();
      let passed = 0;
      const walk = (suite: JunitSuite, prefix: string): void => {
        const name = suite.name ? decode(suite.name) : '';
        const here = prefix ? `${prefix} > ${name}` : name;
        for (const c of list(suite.testcase)) {
          const full = `${here} > ${decode(c.name ?? '')}`;
          if (c.failure !== undefined || c.error !== undefined) failed.add(full);
          else passed++;
        }
        for (const s of list(suite.testsuite)) walk(s, here);
      };
      const doc = parser.parse(xml) as { testsuites?: JunitSuite };
      for (const s of list(doc.testsuites?.testsuite)) walk(s, '');
      // Top-level test cases (outside any describe) hang off <testsuites>.
      for (const c of list(doc.testsuites?.testcase)) {
        if (c.failure !== undefined) failed.add(` > ${decode(c.name ?? '')}`);
      }
      result.failures.set(testFile, failed);
      result.passed.set(testFile, passed);
    }
    result.junitXml = `<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n${xmlParts.join('\n')}\n</testsuites>\n`;
    const sources = new Set(files.map((f) => f.file.prepared.file));
    for (const f of readdirSync(covDir)) {
      const cov = JSON.parse(readFileSync(path.join(covDir, f), 'utf8')) as Record<
        string,
        { path?: string; b: Record<string, number[]>; s?: Record<string, number> }
      >;
      for (const [key, data] of Object.entries(cov)) {
        // The instrumented code counts under the original source path.
        const source = tmpToSource.has(key) ? tmpToSource.get(key) : sources.has(key) ? key : undefined;
        if (!source) continue;
        const acc = result.branchHits.get(source) ?? {};
        for (const [id, counts] of Object.entries(data.b)) {
          const prev = acc[id] ?? counts.map(() => 0);
          acc[id] = prev.map((c, i) => c + (counts[i] ?? 0));
        }
        result.branchHits.set(source, acc);
        const sacc = result.statementHits.get(source) ?? {};
        for (const [id, n] of Object.entries(data.s ?? {})) sacc[id] = (sacc[id] ?? 0) + n;
        result.statementHits.set(source, sacc);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return result;
}
