import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../errors.js';
import { jsonPointer } from '../../inference/http/http.js';
import { checkAssertionType } from './assertions.js';
import { expectedToAssertion } from './expected.js';

/**
 * Test cases in promptfoo's vocabulary (https://promptfoo.dev/docs/configuration/test-cases):
 * `tests` with `vars`, `assert` ({type, value, threshold, weight, metric}), `threshold`,
 * `metadata`, `options.transform`, `defaultTest`, and `prompts` with {{var}}. A promptfoo test
 * file (a YAML/JSON list, JSONL, CSV with __expected columns) or a whole promptfooconfig imports as it is.
 */
export interface Assertion {
  type: string;
  value?: unknown;
  threshold?: number;
  weight: number;
  metric?: string;
  /** assert-set: the nested assertions. */
  assert?: Assertion[];
  /** promptfoo's grader/embedding provider: recorded, we grade with our own models. */
  provider?: unknown;
  config?: unknown;
}

export interface LlmCase {
  id: string;
  description?: string;
  vars: Record<string, unknown>;
  assert: Assertion[];
  threshold?: number;
  metadata: Record<string, unknown>;
  /** JavaScript applied to the output before the assertions (promptfoo `options.transform`). */
  transform?: string;
  /** Where the case was written, for messages: `cases.yaml test 3`, `cases.csv:4`. */
  origin: string;
}

export interface CaseSet {
  cases: LlmCase[];
  /** Prompt templates the file brings (promptfooconfig `prompts:`). */
  prompts: string[];
  source: string;
  sha256: string;
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

function fail(origin: string, message: string): never {
  throw new UsageError(`${origin}: ${message}`);
}

function toAssertion(raw: unknown, origin: string, baseDir: string): Assertion {
  const a = readAssertion(raw, origin, baseDir);
  checkAssertionType(a.type, origin);
  return a;
}

function readAssertion(raw: unknown, origin: string, baseDir: string): Assertion {
  if (typeof raw === 'string') return expectedToAssertion(raw, origin);
  if (!isMap(raw) || typeof raw.type !== 'string' || raw.type === '') {
    fail(origin, `expected an assertion {type: ..., value: ...}, got ${JSON.stringify(raw)?.slice(0, 80)}`);
  }
  if (raw.threshold !== undefined && typeof raw.threshold !== 'number')
    fail(origin, `assertion ${raw.type}: threshold: expected a number, got ${JSON.stringify(raw.threshold)}`);
  if (raw.weight !== undefined && (typeof raw.weight !== 'number' || raw.weight < 0))
    fail(
      origin,
      `assertion ${raw.type}: weight: expected a non-negative number, got ${JSON.stringify(raw.weight)}`,
    );
  let value = raw.value;
  // file:// values of schema-taking assertions are read here; javascript file:// is loaded when graded.
  if (
    typeof value === 'string' &&
    value.startsWith('file://') &&
    raw.type.replace(/^not-/, '') !== 'javascript'
  ) {
    value = { __file: path.resolve(baseDir, value.slice(7)) };
  }
  return {
    type: raw.type,
    ...(value !== undefined ? { value } : {}),
    ...(typeof raw.threshold === 'number' ? { threshold: raw.threshold } : {}),
    weight: typeof raw.weight === 'number' ? raw.weight : 1,
    ...(typeof raw.metric === 'string' ? { metric: raw.metric } : {}),
    ...(raw.provider !== undefined ? { provider: raw.provider } : {}),
    ...(raw.config !== undefined ? { config: raw.config } : {}),
    ...(Array.isArray(raw.assert)
      ? { assert: raw.assert.map((a, j) => toAssertion(a, `${origin} assert-set[${j}]`, baseDir)) }
      : {}),
  };
}

function assertionList(raw: unknown, origin: string, baseDir: string): Assertion[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    fail(origin, `assert: expected a list of assertions, got ${JSON.stringify(raw).slice(0, 80)}`);
  return raw.map((a, j) => toAssertion(a, `${origin} assert[${j}]`, baseDir));
}

interface Defaults {
  vars: Raw;
  assert: Assertion[];
  threshold?: number;
  metadata: Raw;
  transform?: string;
}

function readDefaults(raw: unknown, origin: string, baseDir: string): Defaults {
  if (raw === undefined) return { vars: {}, assert: [], metadata: {} };
  if (!isMap(raw)) fail(origin, 'defaultTest: expected a map');
  const options = isMap(raw.options) ? raw.options : {};
  return {
    vars: isMap(raw.vars) ? raw.vars : {},
    assert: assertionList(raw.assert, `${origin} defaultTest`, baseDir),
    ...(typeof raw.threshold === 'number' ? { threshold: raw.threshold } : {}),
    metadata: isMap(raw.metadata) ? raw.metadata : {},
    ...(typeof options.transform === 'string' ? { transform: options.transform } : {}),
  };
}

function toCase(raw: unknown, origin: string, defaults: Defaults, baseDir: string): Omit<LlmCase, 'id'> {
  if (!isMap(raw))
    fail(origin, `expected a test {vars: ..., assert: [...]}, got ${JSON.stringify(raw)?.slice(0, 80)}`);
  if (raw.vars !== undefined && !isMap(raw.vars)) fail(origin, 'vars: expected a map of variable -> value');
  if (raw.threshold !== undefined && typeof raw.threshold !== 'number')
    fail(origin, `threshold: expected a number, got ${JSON.stringify(raw.threshold)}`);
  const options = isMap(raw.options) ? raw.options : {};
  const transform = typeof options.transform === 'string' ? options.transform : defaults.transform;
  const threshold = typeof raw.threshold === 'number' ? raw.threshold : defaults.threshold;
  return {
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    vars: { ...defaults.vars, ...((raw.vars as Raw | undefined) ?? {}) },
    assert: [...defaults.assert, ...assertionList(raw.assert, origin, baseDir)],
    ...(threshold !== undefined ? { threshold } : {}),
    metadata: { ...defaults.metadata, ...(isMap(raw.metadata) ? raw.metadata : {}) },
    ...(transform ? { transform } : {}),
    origin,
  };
}

/** CSV: columns are vars; __expected[N], __description, __threshold, __metadata:key are special. */
function csvTests(text: string, display: string): Array<{ raw: Raw; origin: string }> {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, trim: false });
  } catch (e) {
    throw new UsageError(`${display}: invalid CSV: ${(e as Error).message}`);
  }
  return rows.map((row, i) => {
    const origin = `${display}:${i + 2}`;
    const vars: Raw = {};
    const assert: unknown[] = [];
    const metadata: Raw = {};
    const test: Raw = { vars, assert, metadata };
    for (const [col, value] of Object.entries(row)) {
      if (/^__expected\d*$/.test(col)) {
        if (value.trim() !== '') assert.push(value);
      } else if (col === '__description') test.description = value;
      else if (col === '__threshold') test.threshold = Number(value);
      else if (col.startsWith('__metadata:'))
        metadata[col.slice(11).replace(/\[\]$/, '')] = col.endsWith('[]')
          ? value.split(',').map((s) => s.trim())
          : value;
      else if (col === '__prefix' || col === '__suffix' || col === '__metric' || col.startsWith('__config:'))
        continue;
      else vars[col] = value;
    }
    return { raw: test, origin };
  });
}

async function readText(file: string, display: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `cases file not found: ${display}`
        : `cannot read ${display}: ${(e as Error).message}`,
    );
  }
}

function parseStructured(text: string, file: string, display: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${display}: invalid JSON: ${(e as Error).message}`);
    }
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw new UsageError(`${display}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

interface Loaded {
  tests: Array<{ raw: unknown; origin: string }>;
  prompts: string[];
  defaults?: unknown;
  texts: string[];
}

async function loadTests(file: string, display: string, depth = 0): Promise<Loaded> {
  if (depth > 4) throw new UsageError(`${display}: file:// test references nest too deep`);
  const text = await readText(file, display);
  const ext = path.extname(file).toLowerCase();
  const dir = path.dirname(file);
  if (ext === '.csv') return { tests: csvTests(text, display), prompts: [], texts: [text] };
  if (ext === '.jsonl') {
    const tests: Loaded['tests'] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        tests.push({ raw: JSON.parse(line), origin: `${display}:${i + 1}` });
      } catch (e) {
        throw new UsageError(`${display}:${i + 1}: invalid JSON: ${(e as Error).message}`);
      }
    });
    return { tests, prompts: [], texts: [text] };
  }
  if (!['.yaml', '.yml', '.json'].includes(ext)) {
    throw new UsageError(
      `${display}: cases files are .yaml, .yml, .json, .jsonl or .csv, got "${ext || 'no extension'}"`,
    );
  }
  const doc = resolveRefs(parseStructured(text, file, display), display);
  const out: Loaded = { tests: [], prompts: [], texts: [text] };
  let list: unknown[];
  if (Array.isArray(doc)) list = doc;
  else if (isMap(doc)) {
    const tests = doc.tests;
    list = tests === undefined ? [] : Array.isArray(tests) ? tests : [tests];
    out.defaults = doc.defaultTest;
    out.prompts = await promptList(doc.prompts, dir, display);
    if (tests === undefined)
      throw new UsageError(`${display}: expected a list of tests, or a map with tests:`);
  } else throw new UsageError(`${display}: expected a list of tests, or a map with tests:`);
  for (const [i, item] of list.entries()) {
    if (typeof item === 'string' && item.startsWith('file://')) {
      const ref = path.resolve(dir, item.slice(7));
      if (/[*?[]/.test(ref))
        throw new UsageError(
          `${display}: tests[${i}]: glob patterns in file:// are not supported; name each file`,
        );
      const inner = await loadTests(ref, path.join(path.dirname(display), item.slice(7)), depth + 1);
      out.tests.push(...inner.tests);
      out.texts.push(...inner.texts);
    } else out.tests.push({ raw: item, origin: `${display} test ${i + 1}` });
  }
  return out;
}

async function promptList(raw: unknown, dir: string, display: string): Promise<string[]> {
  if (raw === undefined) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const p of items) {
    const text = typeof p === 'string' ? p : isMap(p) && typeof p.raw === 'string' ? p.raw : undefined;
    if (text === undefined)
      throw new UsageError(
        `${display}: prompts: expected strings (or {raw: ...}), got ${JSON.stringify(p).slice(0, 80)}`,
      );
    out.push(
      text.startsWith('file://') ? await readText(path.resolve(dir, text.slice(7)), text.slice(7)) : text,
    );
  }
  return out;
}

/** `{$ref: '#/assertionTemplates/name'}` (promptfoo's same-file references), replaced by what they point at. */
function resolveRefs(doc: unknown, display: string): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 20) throw new UsageError(`${display}: $ref nests too deep (a cycle?)`);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (!isMap(v)) return v;
    if (typeof v.$ref === 'string' && Object.keys(v).length === 1) {
      const ref = v.$ref;
      const target = ref.startsWith('#') ? jsonPointer(doc, ref.slice(1)) : undefined;
      if (target === undefined)
        throw new UsageError(`${display}: $ref ${JSON.stringify(ref)} points at nothing in this file`);
      return walk(target, depth + 1);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(doc, 0);
}

/** promptfoo runs a test once per value of each list var (all combinations). */
function expandVars(raw: unknown): Array<{ raw: unknown; suffix: string }> {
  if (!isMap(raw) || !isMap(raw.vars)) return [{ raw, suffix: '' }];
  const vars = raw.vars;
  let combos: Array<{ vars: Raw; parts: string[] }> = [{ vars: {}, parts: [] }];
  for (const [k, v] of Object.entries(vars)) {
    const values = Array.isArray(v) ? v : [v];
    combos = combos.flatMap((c) =>
      values.map((x) => ({
        vars: { ...c.vars, [k]: x },
        parts: Array.isArray(v)
          ? [...c.parts, `${k}=${typeof x === 'string' ? x : JSON.stringify(x)}`]
          : c.parts,
      })),
    );
  }
  if (combos.length === 1) return [{ raw, suffix: '' }];
  return combos.map((c) => ({ raw: { ...raw, vars: c.vars }, suffix: ` [${c.parts.join(', ')}]` }));
}

/** Load a cases file; ids are descriptions (made unique) or `#N`, stable for paired comparison. */
export async function loadCases(file: string, display: string): Promise<CaseSet> {
  const loaded = await loadTests(file, display);
  const dir = path.dirname(file);
  const defaults = readDefaults(loaded.defaults, display, dir);
  const seen = new Map<string, number>();
  const expanded = loaded.tests.flatMap(({ raw, origin }, i) =>
    expandVars(raw).map((e) => ({ raw: e.raw, origin, index: i, suffix: e.suffix })),
  );
  const cases = expanded.map(({ raw, origin, index, suffix }) => {
    const c = toCase(raw, origin, defaults, dir);
    let id = `${c.description?.trim() || `#${index + 1}`}${suffix}`;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) id = `${id} (${n})`;
    return { id, ...c };
  });
  if (cases.length === 0) throw new UsageError(`${display}: no test cases`);
  const sha256 = createHash('sha256').update(loaded.texts.join('\0')).digest('hex');
  return { cases, prompts: loaded.prompts, source: display, sha256 };
}

/** `{{ name }}` and `{{ a.b }}`; a missing variable renders empty, as nunjucks does. */
export function renderTemplate(template: string, vars: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([A-Za-z_$][\w$]*(?:\.[\w$]+)*)\s*\}\}/g, (_, name: string) => {
    let v: unknown = vars;
    for (const part of name.split('.')) v = isMap(v) ? v[part] : undefined;
    return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  });
}
