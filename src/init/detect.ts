/**
 * What `autoglm init` finds in a repository: ONNX models with their real input signatures, JS/TS
 * sources, the test runner and the coverage it can produce, and the CI platform of the remote.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { git } from '../git.js';
import { inspectModel, type ModelInfo } from '../inference/inspect.js';
import { detectEndpoints, type EndpointDetection } from './endpoints.js';

export type Platform = 'github' | 'gitlab';
export type Runner = 'vitest' | 'jest' | 'npm-test';

export interface FoundModel {
  path: string;
  info?: ModelInfo;
  /** Why the file could not be read as a model. */
  error?: string;
}

export interface Detection {
  models: FoundModel[];
  /** Repo-relative JS/TS source files (not tests, declarations, node_modules, dist). */
  sources: string[];
  /** Globs covering `sources`, for testgen.targets. */
  sourceGlobs: string[];
  hasPackageJson: boolean;
  hasLockfile: boolean;
  /** The test runner and how to run it with coverage; absent without a test script. */
  tests?: { runner: Runner; command: string; coverageFile: string };
  /** A coverage report already on disk (used when there is no test runner to produce one). */
  coverageFile?: string;
  platform?: { name: Platform; from: string };
  /** Endpoint models and the LLM suite's cases, from a promptfoo config and an env example. */
  llm: EndpointDetection;
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', 'vendor', 'out']);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const NOT_SOURCE = /(\.d\.[mc]?ts|\.(test|spec)\.[^.]+|\.config\.[^.]+)$/;

/** Files under `dir` (no dot folders or SKIP_DIRS), depth-limited, sorted. */
async function walk(dir: string, limit = 2000): Promise<string[]> {
  const found: string[] = [];
  const visit = async (rel: string, depth: number): Promise<void> => {
    if (depth > 6 || found.length >= limit) return;
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await visit(child, depth + 1);
      else if (e.isFile() && found.length < limit) found.push(child);
    }
  };
  await visit('', 0);
  return found;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function testRunner(pkg: Record<string, unknown>): Detection['tests'] {
  const scripts = (pkg.scripts ?? {}) as Record<string, string>;
  const deps = { ...(pkg.dependencies as object), ...(pkg.devDependencies as object) } as Record<
    string,
    string
  >;
  const test = scripts.test;
  if (!test || /no test specified/.test(test)) return undefined;
  if (deps.vitest && (deps['@vitest/coverage-v8'] || deps['@vitest/coverage-istanbul'])) {
    return {
      runner: 'vitest',
      command: 'npx vitest run --coverage.enabled --coverage.reporter=json',
      coverageFile: 'coverage/coverage-final.json',
    };
  }
  if (deps.jest) {
    return {
      runner: 'jest',
      command: 'npx jest --coverage --coverageReporters=json',
      coverageFile: 'coverage/coverage-final.json',
    };
  }
  // Any runner on Node: V8 writes raw coverage for every process it starts.
  return {
    runner: 'npm-test',
    command: 'NODE_V8_COVERAGE=coverage/v8 npm test',
    coverageFile: 'coverage/v8',
  };
}

async function platformOf(cwd: string): Promise<Detection['platform']> {
  const remote = await git(cwd, ['remote', 'get-url', 'origin']);
  const url = remote.code === 0 ? remote.stdout.trim() : '';
  if (/github/i.test(url)) return { name: 'github', from: 'the origin remote' };
  if (/gitlab/i.test(url)) return { name: 'gitlab', from: 'the origin remote' };
  if (existsSync(path.join(cwd, '.gitlab-ci.yml'))) return { name: 'gitlab', from: '.gitlab-ci.yml' };
  if (existsSync(path.join(cwd, '.github'))) return { name: 'github', from: 'the .github folder' };
  return undefined;
}

/** Globs that cover the sources: `src/**\/*.ts` when they all sit under src/, else one per top folder. */
function globsFor(sources: string[]): string[] {
  const byTop = new Map<string, Set<string>>();
  for (const s of sources) {
    const top = s.includes('/') ? (s.split('/')[0] as string) : '';
    const ext = path.extname(s).slice(1);
    const set = byTop.get(top) ?? new Set<string>();
    set.add(ext);
    byTop.set(top, set);
  }
  return [...byTop.entries()].flatMap(([top, exts]) =>
    [...exts].sort().map((ext) => (top ? `${top}/**/*.${ext}` : `*.${ext}`)),
  );
}

export async function detectProject(cwd: string): Promise<Detection> {
  const files = await walk(cwd);
  const models: FoundModel[] = [];
  for (const file of files.filter((f) => f.endsWith('.onnx')).slice(0, 10)) {
    try {
      models.push({ path: file, info: await inspectModel(path.join(cwd, file), file) });
    } catch (e) {
      models.push({ path: file, error: errorMessage(e) });
    }
  }
  const pkg = readJson(path.join(cwd, 'package.json'));
  // Sources only in a JS/TS project, and not the scripts that build models or data.
  const sources = pkg
    ? files.filter(
        (f) => SOURCE.test(f) && !NOT_SOURCE.test(f) && !/^(test|tests|__tests__|scripts|examples)\//.test(f),
      )
    : [];
  const existingCoverage = [
    'coverage/coverage-final.json',
    'coverage/lcov.info',
    'coverage/cobertura-coverage.xml',
  ].find((f) => existsSync(path.join(cwd, f)));
  const tests = pkg ? testRunner(pkg) : undefined;
  const platform = await platformOf(cwd);
  return {
    models,
    sources,
    sourceGlobs: globsFor(sources),
    hasPackageJson: pkg !== undefined,
    hasLockfile: existsSync(path.join(cwd, 'package-lock.json')),
    ...(tests ? { tests } : {}),
    ...(existingCoverage ? { coverageFile: existingCoverage } : {}),
    ...(platform ? { platform } : {}),
    llm: detectEndpoints(cwd, files),
  };
}
