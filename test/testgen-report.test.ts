import { describe, expect, it } from 'vitest';
import {
  renderBehaviourChanges,
  renderTestgenMarkdown,
  renderTestgenTerminal,
} from '../src/report/testgen.js';
import type { BehaviourChange, TestgenFunction, TestgenResult } from '../src/results/testgen.js';
import { testgenResult } from './factories.js';

const fn = (name: string, over: Partial<TestgenFunction> = {}): TestgenFunction => ({
  file: 'src/x.ts',
  name,
  line: 3,
  status: 'tested',
  notes: [],
  tests: 2,
  bySolver: 1,
  bySearch: 1,
  pathsExplored: 2,
  flaky: 0,
  branches: { covered: 1, total: 2 },
  measured: true,
  ...over,
});

const result = (over: Partial<TestgenResult> = {}): TestgenResult =>
  testgenResult({
    durationMs: 1250,
    functions: [fn('add')],
    totals: { ...testgenResult().totals, functions: 1, tested: 1, tests: 1, bySolver: 1 },
    stats: { solverChecks: 1, solverMs: 1, executions: 1, timeouts: 0 },
    ...over,
  });

const change = (i: number): BehaviourChange => ({
  file: 'src/x.ts',
  function: 'f',
  call: `f(${i})`,
  base: '1',
  head: '2',
});

describe('generated tests in the markdown report', () => {
  it('totals in one sentence; one test, no branches; no module, function or skip tables when empty', () => {
    const md = renderTestgenMarkdown(result({ functions: [] }));
    expect(md).toBe(
      '## Generated tests\n\n1 test for 1 of 1 functions (1 from solved path constraints, 0 from coverage-guided search), branch coverage –, framework `vitest`, in 1.3 s.\n',
    );
  });

  it('module and function tables, capped at 50 rows; skipped files and functions; partly analysed notes', () => {
    const functions = [
      ...Array.from({ length: 51 }, (_, i) => fn(`f${i}`, { line: i + 1 })),
      fn('load', { status: 'skipped', reason: 'uses fs' }),
      fn('bare', { status: 'skipped' }),
      fn('half', { status: 'partial', notes: ['n1', 'n2', 'n3', 'n4'] }),
    ];
    const files = [
      {
        file: 'src/x.ts',
        diagnostics: [],
        module: { branches: { covered: 3, total: 4 }, statements: { covered: 0, total: 0 } },
      },
      { file: 'src/types.ts', diagnostics: [], skipped: 'no exported functions' },
      { file: 'src/old.ts', diagnostics: [], skipped: 'no changed functions' },
      { file: 'src/bad.ts', diagnostics: [], skipped: 'does not parse' },
    ];
    const md = renderTestgenMarkdown(result({ functions, files })).split('\n');
    expect(md).toContain('| module | branches | statements |');
    expect(md).toContain('| `src/x.ts` | 75.0% (3/4) | – |');
    expect(md).toContain('| `f0` | `src/x.ts:1` | 2 | 1 / 1 | 50.0% (1/2) |');
    expect(md).toContain('| `f49` | `src/x.ts:50` | 2 | 1 / 1 | 50.0% (1/2) |');
    expect(md).not.toContain('| `f50` | `src/x.ts:51` | 2 | 1 / 1 | 50.0% (1/2) |');
    expect(md).toContain('… and 2 more functions.');
    const skipped = md.indexOf('<details><summary>Skipped</summary>');
    expect(md.slice(skipped, skipped + 7)).toEqual([
      '<details><summary>Skipped</summary>',
      '',
      '- `src/bad.ts`: does not parse',
      '- `load` (`src/x.ts:3`): uses fs',
      '- `bare` (`src/x.ts:3`): no test kept',
      '',
      '</details>',
    ]);
    expect(md).toContain('- `half`: n1; n2; n3');
    expect(md).toContain('<details><summary>Partly analysed</summary>');
    expect(md.join('\n')).not.toContain('Behaviour changes');
    expect(md.at(-1)).toBe('');
    expect(md.at(-2)).toBe('</details>');
  });

  it('new functions and behaviour changes against the base', () => {
    const md = renderTestgenMarkdown(
      result({
        base: 'origin/main',
        newFunctions: [
          { file: 'src/x.ts', function: 'clamp' },
          { file: 'src/x.ts', function: 'max' },
        ],
      }),
    );
    expect(md).toContain('\nNew since `origin/main`: `clamp`, `max`.\n');
    expect(md).toContain(
      '### Behaviour changes\n\nNo generated input changed its result against `origin/main`.\n',
    );
    expect(md.endsWith('.\n')).toBe(true);
  });

  it('behaviour changes: singular, plural, capped at 50, the base named or not', () => {
    expect(renderBehaviourChanges([], undefined)).toBe(
      '### Behaviour changes\n\nNo generated input changed its result.\n',
    );
    expect(renderBehaviourChanges([change(1)], undefined)).toBe(
      '### Behaviour changes\n\n1 generated input of changed functions gives a different result than the base: check that each change is intended.\n\n| call | base | head |\n| :--- | :--- | :--- |\n| `f(1)` | `1` | `2` |\n',
    );
    const many = renderBehaviourChanges(
      Array.from({ length: 51 }, (_, i) => change(i)),
      'main',
    );
    expect(many).toContain('51 generated inputs of changed functions give a different result than `main`:');
    expect(many).toContain('| `f(49)` |');
    expect(many).not.toContain('| `f(50)` |');
    expect(many.endsWith('\n\n… and 1 more.\n')).toBe(true);
    const fifty = renderBehaviourChanges(
      Array.from({ length: 50 }, (_, i) => change(i)),
      'main',
    );
    expect(fifty).not.toContain('more.');
  });
});

describe('generated tests in the terminal', () => {
  it('an aligned table, totals, modules, skipped files, new functions, behaviour changes, the run error', () => {
    const text = renderTestgenTerminal(
      result({
        base: 'main',
        functions: [
          fn('add', { branches: { covered: 2, total: 2 } }),
          fn('load', { status: 'skipped', reason: 'uses fs', line: 12 }),
          fn('half', { status: 'partial', tests: 3 }),
          fn('bare', { status: 'skipped' }),
        ],
        files: [
          {
            file: 'src/x.ts',
            diagnostics: [],
            module: { branches: { covered: 3, total: 4 }, statements: { covered: 5, total: 10 } },
          },
          { file: 'src/types.ts', diagnostics: [], skipped: 'no exported functions' },
          { file: 'src/bad.ts', diagnostics: [], skipped: 'does not parse' },
        ],
        newFunctions: [{ file: 'src/x.ts', function: 'half' }],
        behaviourChanges: [change(1)],
        totals: {
          ...result().totals,
          tests: 2,
          bySolver: 1,
          bySearch: 1,
          branches: { covered: 3, total: 4 },
        },
        stats: { solverChecks: 1, solverMs: 1, executions: 1, timeouts: 0, testRunError: 'vitest exited 1' },
      }),
    );
    expect(text.split('\n')).toEqual([
      'function  location     tests  solver/search  branches',
      '--------  -----------  -----  -------------  -----------------------------',
      'add       src/x.ts:3   2      1/1            100.0% (2/2)',
      'load      src/x.ts:12  -      -              skipped: uses fs',
      'half      src/x.ts:3   3      1/1            50.0% (1/2) (partly analysed)',
      'bare      src/x.ts:3   -      -              skipped:',
      '',
      '2 tests, 1 from the solver and 1 from search; branch coverage 75.0% (3/4) (measured by running the emitted tests); 1.3 s',
      'module src/x.ts: branches 75.0% (3/4), statements 50.0% (5/10)',
      'skipped src/bad.ts: does not parse',
      'new since main: half',
      '',
      'Behaviour changes against main:',
      '  f(1): base 1, head 2',
      'warning: vitest exited 1',
      '',
    ]);
    expect(renderTestgenTerminal(result({ base: 'main' }))).toContain(
      '\n\nNo behaviour changes against main.\n',
    );
    const plain = renderTestgenTerminal(result());
    expect(plain).toContain('\n1 test, 1 from the solver and 0 from search; branch coverage – ');
    expect(plain).not.toMatch(/behaviour|warning|new since/i);
  });
});

describe('a generated-tests result, rendered', () => {
  const result: TestgenResult = {
    framework: 'node',
    out: 'test/generated',
    budgetSeconds: 60,
    durationMs: 2500,
    base: 'origin/main',
    files: [{ file: 'src/x.ts', testFile: 'test/generated/src/x.test.ts', diagnostics: [] }],
    functions: [
      {
        file: 'src/x.ts',
        name: 'a|b',
        line: 3,
        status: 'partial',
        notes: ['call string.split (line 4)'],
        tests: 2,
        bySolver: 1,
        bySearch: 1,
        pathsExplored: 2,
        flaky: 0,
        branches: { covered: 3, total: 4 },
        measured: true,
      },
      {
        file: 'src/x.ts',
        name: 'load',
        line: 9,
        status: 'skipped',
        reason: 'uses fs.readFileSync @team <b>',
        notes: [],
        tests: 0,
        bySolver: 0,
        bySearch: 0,
        pathsExplored: 0,
        flaky: 0,
        branches: { covered: 0, total: 2 },
        measured: true,
      },
    ],
    totals: {
      functions: 2,
      tested: 0,
      partial: 1,
      skipped: 1,
      tests: 2,
      bySolver: 1,
      bySearch: 1,
      branches: { covered: 3, total: 6 },
    },
    behaviourChanges: [{ file: 'src/x.ts', function: 'p', call: 'p("|@x")', base: '1.5', head: 'NaN' }],
    stats: { solverChecks: 3, solverMs: 10, executions: 9, timeouts: 0 },
  };

  it('renders totals, functions, skips and behaviour changes with untrusted text escaped', () => {
    const md = renderTestgenMarkdown(result);
    expect(md).toContain(
      '2 tests for 1 of 2 functions (1 from solved path constraints, 1 from coverage-guided search), branch coverage 50.0% (3/6)',
    );
    expect(md).toContain('| `a\\|b` (partly analysed) | `src/x.ts:3` | 2 | 1 / 1 | 75.0% (3/4) |');
    expect(md).toContain('uses fs.readFileSync @\u2060team \\<b\\>');
    expect(md).toContain('### Behaviour changes');
    expect(md).toContain('| `p("\\|@\u2060x")` | `1.5` | `NaN` |');
    expect(renderBehaviourChanges([], 'main')).toContain(
      'No generated input changed its result against `main`.',
    );
    expect(renderTestgenTerminal(result)).toContain('p("|@x"): base 1.5, head NaN');
  });
});

describe('the generated-tests section, laid out', () => {
  const file = (name: string, over: Record<string, unknown> = {}) => ({
    file: name,
    diagnostics: [],
    ...over,
  });
  const module = { branches: { covered: 3, total: 4 }, statements: { covered: 9, total: 10 } };

  it('totals, modules, new functions, tested, skipped and partly analysed, each followed by one blank line', () => {
    const t = result({
      files: [
        file('src/m.ts', { module }),
        file('src/e.ts', { skipped: 'uses eval' }),
        file('src/n.ts', { skipped: 'no exported functions' }),
      ],
      functions: [
        fn('add'),
        fn('p', { status: 'partial', notes: ['a loop ran past 8 rounds'] }),
        fn('s', { status: 'skipped', reason: 'calls fetch' }),
      ],
      newFunctions: [{ file: 'src/x.ts', function: 'add' }],
    });
    expect(renderTestgenMarkdown(t).split('\n')).toEqual([
      '## Generated tests',
      '',
      '1 test for 1 of 1 functions (1 from solved path constraints, 0 from coverage-guided search), branch coverage –, framework `vitest`, in 1.3 s.',
      '',
      '| module | branches | statements |',
      '| :--- | ---: | ---: |',
      '| `src/m.ts` | 75.0% (3/4) | 90.0% (9/10) |',
      '',
      'New since `the base`: `add`.',
      '',
      '| function | file | tests | solver / search | branches |',
      '| :--- | :--- | ---: | ---: | ---: |',
      '| `add` | `src/x.ts:3` | 2 | 1 / 1 | 50.0% (1/2) |',
      '| `p` (partly analysed) | `src/x.ts:3` | 2 | 1 / 1 | 50.0% (1/2) |',
      '',
      '<details><summary>Skipped</summary>',
      '',
      '- `src/e.ts`: uses eval',
      '- `s` (`src/x.ts:3`): calls fetch',
      '',
      '</details>',
      '',
      '<details><summary>Partly analysed</summary>',
      '',
      '- `p`: a loop ran past 8 rounds',
      '',
      '</details>',
      '',
    ]);
  });

  it('each table and list stops at 50 rows; the functions table says how many more', () => {
    const many = (n: number, status: 'tested' | 'skipped' | 'partial') =>
      Array.from({ length: n }, (_, i) => fn(`${status}${i}`, { status, notes: ['n'] }));
    const t = result({
      files: Array.from({ length: 51 }, (_, i) => file(`src/m${i}.ts`, { module, skipped: 'uses eval' })),
      functions: [...many(1, 'tested'), ...many(51, 'partial'), ...many(51, 'skipped')],
    });
    const md = renderTestgenMarkdown(t);
    expect(md.match(/^\| `src\/m\d+\.ts` \|/gm)).toHaveLength(50);
    expect(md.match(/^\| `(tested|partial)\d+`/gm)).toHaveLength(50);
    expect(md).toContain('\n\n… and 2 more functions.\n');
    expect(md.match(/^- `src\/m\d+\.ts`: uses eval$/gm)).toHaveLength(50);
    expect(md.match(/^- `skipped\d+` /gm)).toHaveLength(50);
    expect(md.match(/^- `partial\d+`: n$/gm)).toHaveLength(50);
    const fifty = renderTestgenMarkdown(result({ functions: many(50, 'tested') }));
    expect(fifty).not.toContain('more functions');
  });
});
