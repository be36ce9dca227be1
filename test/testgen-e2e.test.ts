import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { renderTestgenMarkdown } from '../src/report/testgen.js';
import { TestgenResultSchema } from '../src/results/testgen.js';
import { runTestgen } from '../src/testgen/index.js';
import { ROOT, tempDir } from './helpers.js';

/** A throwaway git repository with the given files committed (one commit per entry). */
function repo(commits: Record<string, string>[]): string {
  const dir = tempDir('autoglm-testgen-repo-');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
  git('init', '-q');
  for (const files of commits) {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    git('add', '-A');
    git('commit', '-qm', 'c');
  }
  return dir;
}

/** Typecheck files with the compiler API as a strict NodeNext project would. */
function typecheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Run a TS test file with node --test after transpiling it and its source to ESM JavaScript. */
function runTranspiled(dir: string, files: string[]): { code: number | null; out: string } {
  const runDir = path.join(dir, '.run');
  for (const f of files) {
    const rel = path.relative(dir, f);
    const out = path.join(runDir, rel.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(out), { recursive: true });
    const js = ts.transpileModule(readFileSync(f, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(out, js);
  }
  writeFileSync(path.join(runDir, 'package.json'), '{"type":"module"}\n');
  const test = files.find((f) => f.endsWith('.test.ts')) as string;
  const r = spawnSync(
    process.execPath,
    ['--test', path.join(runDir, path.relative(dir, test).replace(/\.ts$/, '.js'))],
    {
      encoding: 'utf8',
    },
  );
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('autoglm testgen on the login example', () => {
  it('emits exactly the three tests of the brief, which typecheck and pass', async () => {
    const dir = repo([
      { 'src/login.ts': readFileSync(path.join(ROOT, 'examples/demo/src/login.ts'), 'utf8') },
    ]);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      [
        'testgen',
        'src/login.ts',
        '--framework',
        'node',
        '--budget',
        '30',
        '--json',
        'tg.json',
        '--junit',
        'tg.xml',
      ],
      { cwd: dir, env: {}, stdout: (s) => out.push(s), stderr: (s) => err.push(s) },
    );
    expect(code, err.join('')).toBe(0);
    const testFile = path.join(dir, 'test/generated/src/login.test.ts');
    const text = readFileSync(testFile, 'utf8');
    const names = [...text.matchAll(/^ {2}it\((['"])(.*)\1, /gm)].map((m) => m[2]);
    expect(names).toEqual([
      'returns "invalid username" when username.length < 6',
      'returns "wrong password" when username.length >= 6 and password !== "Admin@123"',
      'returns "success" when username.length >= 6 and password === "Admin@123"',
    ]);
    expect(text).toContain("import { login } from '../../../src/login.js';");
    expect(text).toContain("assert.equal(login('', ''), 'invalid username');");
    expect(typecheck([testFile])).toEqual([]);
    const run = runTranspiled(dir, [testFile, path.join(dir, 'src/login.ts')]);
    expect(run.out).toMatch(/# pass 3\n# fail 0/);
    expect(run.code).toBe(0);

    const result = TestgenResultSchema.parse(JSON.parse(readFileSync(path.join(dir, 'tg.json'), 'utf8')));
    expect(result.functions).toMatchObject([
      {
        name: 'login',
        status: 'tested',
        tests: 3,
        bySolver: 3,
        branches: { covered: 4, total: 4 },
        measured: true,
      },
    ]);
    const junit = readFileSync(path.join(dir, 'tg.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(3);
    expect(junit).not.toContain('<failure');
    expect(out.join('')).toContain('100.0% (4/4)');
    const md = renderTestgenMarkdown(result);
    expect(md).toContain(
      '3 tests for 1 of 1 functions (3 from solved path constraints, 0 from coverage-guided search)',
    );
    expect(md).toContain('| `login` | `src/login.ts:5` | 3 | 3 / 0 | 100.0% (4/4) |');
  });

  it('emits vitest tests when asked, and the same three paths', async () => {
    const dir = repo([
      { 'src/login.ts': readFileSync(path.join(ROOT, 'examples/demo/src/login.ts'), 'utf8') },
    ]);
    const { result } = await runTestgen({
      cwd: dir,
      targets: ['src/login.ts'],
      framework: 'vitest',
      budgetSeconds: 30,
    });
    const text = readFileSync(path.join(dir, 'test/generated/src/login.test.ts'), 'utf8');
    expect(text).toContain("import { describe, expect, it } from 'vitest';");
    expect(text).toContain("expect(login('', '')).toBe('invalid username');");
    expect(result.totals).toMatchObject({ tests: 3, branches: { covered: 4, total: 4 } });
  });
});

describe('bad input', () => {
  it('refuses an --out folder outside the repository', async () => {
    const dir = repo([{ 'a.ts': 'export const f = (x: number) => x;\n' }]);
    const err: string[] = [];
    const code = await main(['testgen', 'a.ts', '--out', '../elsewhere'], {
      cwd: dir,
      env: {},
      stdout: () => {},
      stderr: (s) => err.push(s),
    });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/--out \.\.\/elsewhere: .* is outside the repository/);
  });

  it('skips a file with a syntax error (file:line) and tests the others; a function that never returns is skipped', async () => {
    const dir = repo([
      {
        'src/broken.ts': 'export function f(a: string {\n  return a;\n}\n',
        'src/ok.ts':
          'export function spin(n: number): number {\n  while (true) { n++; }\n}\nexport function half(n: number): number {\n  return n > 10 ? n / 2 : n;\n}\n',
      },
    ]);
    const { result } = await runTestgen({
      cwd: dir,
      targets: ['src/*.ts'],
      framework: 'node',
      budgetSeconds: 20,
      timeoutMs: 200,
    });
    const broken = result.files.find((f) => f.file === 'src/broken.ts');
    expect(broken?.skipped).toMatch(/^syntax error: .*src\/broken\.ts:1:\d+: /);
    const spin = result.functions.find((f) => f.name === 'spin');
    expect(spin).toMatchObject({ status: 'skipped', reason: 'never returned within the 200 ms time limit' });
    expect(result.functions.find((f) => f.name === 'half')).toMatchObject({
      branches: { covered: 2, total: 2 },
    });
  });

  it('reports a function that needs the file system as skipped, with the reason', async () => {
    const dir = repo([
      {
        'src/io.ts':
          "import { readFileSync } from 'node:fs';\nexport function load(p: string): string {\n  return p.length > 0 ? readFileSync(p, 'utf8') : readFileSync('/etc/hosts', 'utf8');\n}\n",
      },
    ]);
    const { result, written } = await runTestgen({
      cwd: dir,
      targets: ['src/io.ts'],
      framework: 'node',
      budgetSeconds: 10,
    });
    expect(result.functions[0]).toMatchObject({
      status: 'skipped',
      reason:
        'uses fs.readFileSync, which is blocked while generating tests (file system, network and processes)',
    });
    expect(written).toEqual([]);
  });
});

describe('behaviour changes', () => {
  it('lists inputs of changed functions whose result differs from the base commit', async () => {
    const base = `export function parsePrice(s: string): number {
  const normalized = s.includes(',') ? s.replace(',', '.') : s;
  return Number.parseFloat(normalized);
}
export function unchanged(n: number): string {
  return n > 0 ? 'pos' : 'other';
}
`;
    const head = `export function parsePrice(s: string): number {
  return Number(s);
}
export function unchanged(n: number): string {
  return n > 0 ? 'pos' : 'other';
}
`;
    const dir = repo([{ 'src/price.ts': base }, { 'src/price.ts': head }]);
    const { result } = await runTestgen({
      cwd: dir,
      targets: ['src/price.ts'],
      framework: 'node',
      budgetSeconds: 20,
      base: 'HEAD~1',
    });
    expect(result.base).toBe('HEAD~1');
    expect(result.behaviourChanges.length).toBeGreaterThan(0);
    expect(new Set(result.behaviourChanges.map((c) => c.function))).toEqual(new Set(['parsePrice']));
    for (const c of result.behaviourChanges) {
      const arg = JSON.parse(c.call.slice('parsePrice('.length, -1)) as string;
      const baseValue = Number.parseFloat(arg.includes(',') ? arg.replace(',', '.') : arg);
      const show = (n: number) => (Object.is(n, -0) ? '-0' : String(n));
      expect(c.base).toBe(show(baseValue));
      expect(c.head).toBe(show(Number(arg)));
    }
    expect(renderTestgenMarkdown(result)).toContain('### Behaviour changes');

    // --changed-only --dry-run, in a fresh copy (the run above wrote its file): only parsePrice
    // gets tests, and nothing is written.
    const fresh = repo([{ 'src/price.ts': base }, { 'src/price.ts': head }]);
    const only = await runTestgen({
      cwd: fresh,
      targets: ['src/price.ts'],
      framework: 'node',
      budgetSeconds: 10,
      base: 'HEAD~1',
      changedOnly: true,
      write: false,
    });
    expect(only.result.functions.map((f) => f.name)).toEqual(['parsePrice']);
    expect(only.written).toEqual([]);
    expect(existsSync(path.join(fresh, 'test'))).toBe(false);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: fresh, encoding: 'utf8' })).toBe('');
  });

  it('lists the inputs that reach a changed line: a validator that now rejects a second @', async () => {
    const base = `export function isEmail(s: string): boolean {
  const at = s.indexOf('@');
  if (at < 1 || at === s.length - 1) return false;
  const parts = s.split('@');
  const domain = parts[parts.length - 1] as string;
  return domain.includes('.') && !domain.endsWith('.');
}
`;
    const head = `export function isEmail(s: string): boolean {
  const at = s.indexOf('@');
  if (at < 1 || at === s.length - 1) return false;
  const parts = s.split('@');
  if (parts.length !== 2) return false;
  const domain = parts[1] as string;
  return domain.includes('.') && !domain.endsWith('.');
}
export function isHost(s: string): boolean {
  return s.length > 0 && !s.includes('@');
}
`;
    const dir = repo([{ 'src/email.ts': base }, { 'src/email.ts': head }]);
    const { result } = await runTestgen({
      cwd: dir,
      targets: ['src/email.ts'],
      framework: 'node',
      budgetSeconds: 20,
      base: 'HEAD~1',
      write: false,
    });
    const changes = result.behaviourChanges.filter((c) => c.function === 'isEmail');
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      const arg = JSON.parse(c.call.slice('isEmail('.length, -1)) as string;
      expect(arg.split('@').length).toBeGreaterThan(2);
      expect([c.base, c.head]).toEqual(['true', 'false']);
    }
    // A function the base lacks is new, not a behaviour change.
    expect(result.newFunctions).toEqual([{ file: 'src/email.ts', function: 'isHost' }]);
    expect(result.behaviourChanges.filter((c) => c.function === 'isHost')).toEqual([]);
  });

  it('refuses a base that is not a commit', async () => {
    const dir = repo([{ 'a.ts': 'export const f = (x: number) => x;\n' }]);
    await expect(runTestgen({ cwd: dir, targets: ['a.ts'], base: 'no-such-ref' })).rejects.toThrow(
      /--base "no-such-ref": not a commit/,
    );
  });
});

describe('search and verification', () => {
  it('covers with search what the solver cannot model, and says the function was partly analysed', async () => {
    const dir = repo([
      {
        'src/csv.ts': `export function columns(line: string): string {
  const parts = line.split(/, */);
  if (parts.length > 2) return 'many';
  return parts.length === 2 ? 'pair' : 'one';
}
`,
      },
    ]);
    const { result } = await runTestgen({
      cwd: dir,
      targets: ['src/csv.ts'],
      framework: 'node',
      budgetSeconds: 20,
    });
    const f = result.functions[0];
    expect(f).toMatchObject({ name: 'columns', status: 'partial', branches: { covered: 4, total: 4 } });
    expect(f?.bySearch).toBeGreaterThan(0);
    expect(f?.notes.join(' ')).toMatch(/string\.split \(line 2\)/);
  });

  it('drops results that depend on the clock or on Math.random', async () => {
    const dir = repo([
      {
        'src/clock.ts': `export function stamp(prefix: string): string {
  return prefix.length > 3 ? prefix + Date.now() : prefix;
}
export function dice(n: number): number {
  return n > 0 ? Math.floor(Math.random() * 1000) : 0;
}
`,
      },
    ]);
    const { result } = await runTestgen({
      cwd: dir,
      targets: ['src/clock.ts'],
      framework: 'node',
      budgetSeconds: 20,
    });
    const [stamp, dice] = result.functions;
    expect(stamp?.flaky).toBeGreaterThan(0);
    expect(dice?.flaky).toBeGreaterThan(0);
    const text = readFileSync(path.join(dir, 'test/generated/src/clock.test.ts'), 'utf8');
    // Only the stable paths are kept.
    expect(text).toContain('assert.equal(dice(0), 0);');
    expect(text).not.toMatch(/stamp\('[^']{4,}'\)/);
  });
});
