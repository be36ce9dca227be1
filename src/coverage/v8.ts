import type { Profiler } from 'node:inspector';
import path from 'node:path';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import v8ToIstanbul from 'v8-to-istanbul';
import { UsageError } from '../errors.js';
import type { IgnoredFile } from '../results/coverage.js';
import { parseJson } from './json.js';
import type { PathResolver } from './paths.js';
import type { RawEntry } from './types.js';

/** c8's default `exclude` (from @istanbuljs/schema) plus node_modules: raw V8 data covers test files too. */
export const V8_DEFAULT_EXCLUDE = [
  '**/node_modules/**',
  'coverage/**',
  'packages/*/test{,s}/**',
  '**/*.d.ts',
  'test{,s}/**',
  'test{,-*}.{js,cjs,mjs,ts,tsx,jsx}',
  '**/*{.,-}test.{js,cjs,mjs,ts,tsx,jsx}',
  '**/*{.,-}spec.{js,cjs,mjs,ts,tsx,jsx}',
  '**/__tests__/**',
  '**/{ava,babel,nyc}.config.{js,cjs,mjs}',
  '**/jest.config.{js,cjs,mjs,ts}',
  '**/{karma,rollup,webpack}.config.js',
  '**/.{eslint,mocha}rc.{js,cjs}',
];

export interface V8Script {
  url: string;
  functions: Profiler.FunctionCoverage[];
}

export interface V8Report {
  scripts: V8Script[];
  /** Node's `source-map-cache`: url -> {data: source map, lineLengths}. */
  sourceMapCache: Record<string, { data?: unknown; lineLengths?: number[] } | undefined>;
}

const EXPECTED = 'raw V8 coverage ({"result": [{"url", "functions"}]}, as NODE_V8_COVERAGE writes it)';

/** One NODE_V8_COVERAGE file (or a bare `[{url, functions}]` list, as browsers' coverage APIs give). */
export function parseV8(text: string, name: string): V8Report {
  const raw = parseJson(text, name, EXPECTED) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { result?: unknown } | null)?.result;
  if (!Array.isArray(list)) throw new UsageError(`${name}: expected ${EXPECTED}`);
  const scripts: V8Script[] = [];
  list.forEach((s, i) => {
    const script = s as { url?: unknown; functions?: unknown };
    if (typeof script?.url !== 'string' || !Array.isArray(script.functions)) {
      throw new UsageError(`${name}: result[${i}]: expected {url, functions: [...]}`);
    }
    scripts.push(script as V8Script);
  });
  const cache = Array.isArray(raw)
    ? {}
    : ((raw as { 'source-map-cache'?: V8Report['sourceMapCache'] })['source-map-cache'] ?? {});
  return { scripts, sourceMapCache: cache };
}

export interface V8Conversion {
  entries: RawEntry[];
  ignored: IgnoredFile[];
  notices: string[];
}

/**
 * Convert the scripts of a raw V8 report to istanbul data with v8-to-istanbul, as c8 does. Each
 * script's path is first mapped onto the repository, and the source is read from there: the
 * report may come from another machine or container, and scripts outside the repository (Node's
 * own, node_modules, the test runner) are skipped before paying for a conversion.
 */
export async function convertV8(
  report: V8Report,
  name: string,
  resolver: PathResolver,
  root: string,
  excluded: (repoPath: string) => boolean,
): Promise<V8Conversion> {
  const out: V8Conversion = { entries: [], ignored: [], notices: [] };
  for (const script of report.scripts) {
    if (!/^file:/i.test(script.url)) continue; // node:internal, [eval]-wrapper, evaluated code
    const r = resolver.resolve([script.url]);
    if (!r.ok) {
      out.ignored.push({ path: script.url, reason: r.reason, input: name });
      continue;
    }
    if (excluded(r.path)) {
      out.ignored.push({ path: r.path, reason: 'excluded', input: name });
      continue;
    }
    const local = path.join(root, r.path);
    const cached = report.sourceMapCache[script.url];
    const sources = cached?.data
      ? {
          sourceMap: { sourcemap: cached.data },
          ...(cached.lineLengths
            ? { source: cached.lineLengths.map((n) => `${'.'.repeat(n)}\n`).join('') }
            : {}),
        }
      : undefined;
    try {
      const converter = v8ToIstanbul(local, 0, sources as Parameters<typeof v8ToIstanbul>[2], (p: string) =>
        /[\\/]node_modules[\\/]/.test(p),
      );
      await converter.load();
      converter.applyCoverage(script.functions);
      const data = converter.toIstanbul() as Record<string, FileCoverageData>;
      converter.destroy();
      for (const [key, fc] of Object.entries(data)) out.entries.push({ rawPath: fc.path || key, data: fc });
    } catch (e) {
      out.notices.push(`${name}: could not convert the V8 coverage of ${r.path}: ${(e as Error).message}`);
    }
  }
  return out;
}
