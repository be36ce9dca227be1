import type { Framework } from './emit.js';
import type { ExploreLimits } from './explore.js';
import type { SourceReader } from './instrument.js';
import type { Z3Session } from './solve.js';
import type { FunctionInfo } from './types.js';

export interface GenerateOptions {
  /** Project root: test paths and report paths are relative to it. */
  root: string;
  /** Absolute source files. */
  files: string[];
  /** Absolute output folder for the test files. */
  out: string;
  framework: Framework;
  /** Wall-clock budget for analysis, solving and search, over all functions. */
  budgetMs: number;
  /** Time limit of one call in the sandbox. */
  callTimeoutMs: number;
  /** Run the emitted tests for real and measure their coverage (else: coverage of the sandbox runs). */
  runTests: boolean;
  useSolver: boolean;
  useSearch: boolean;
  /** Only these functions (changed-only runs); all when absent. */
  select?: (file: string, fn: FunctionInfo) => boolean;
  /** Behaviour diff against a base version of the sources. */
  base?: {
    ref: string;
    read: SourceReader;
    isChanged: (file: string, fn: FunctionInfo) => boolean;
    /** Changed line ranges of a file (the diff aims at inputs that reach them). */
    lines?: (file: string) => [number, number][];
  };
  limits?: Partial<ExploreLimits>;
  /** Opens the solver (src/testgen/solve.ts, loaded lazily by the caller). */
  openSolver?: () => Promise<Z3Session>;
  log?: (message: string) => void;
  /** Seed of the search's random choices. */
  seed?: number;
  /** `random`: unguided mixed-type inputs (the benchmark's random baseline); default `guided`. */
  searchMode?: 'guided' | 'random';
}

export interface FunctionReport {
  file: string;
  name: string;
  line: number;
  status: 'tested' | 'partial' | 'skipped';
  reason?: string;
  /** Constructs the symbolic explorer could not model (why a function is partly analysed). */
  notes: string[];
  tests: number;
  bySolver: number;
  bySearch: number;
  pathsExplored: number;
  /** Candidates dropped because reruns disagreed (clock, randomness, hidden state). */
  flaky: number;
  branches: { covered: number; total: number };
  /** Branch coverage measured by a real run of the emitted tests (else from the sandbox runs). */
  measured: boolean;
}

export interface FileReport {
  file: string;
  testFile?: string;
  skipped?: string;
  diagnostics: string[];
  /**
   * Coverage of the whole module (its helpers too) as istanbul counts it when the emitted tests run;
   * the function-level figures are in the function reports.
   */
  module?: { branches: { covered: number; total: number }; statements: { covered: number; total: number } };
}

export interface BehaviourChange {
  file: string;
  function: string;
  call: string;
  base: string;
  head: string;
}

export interface GenerateResult {
  files: FileReport[];
  functions: FunctionReport[];
  /** Test file path -> content (written by the caller). */
  outputs: Map<string, string>;
  junitXml?: string;
  behaviourChanges: BehaviourChange[];
  /** Changed functions the base version does not have. */
  newFunctions: { file: string; function: string }[];
  stats: {
    solverChecks: number;
    solverMs: number;
    executions: number;
    timeouts: number;
    durationMs: number;
    testRunError?: string;
  };
}
