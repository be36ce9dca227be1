import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BranchMapping, FileCoverageData, Range } from 'istanbul-lib-coverage';
import { UsageError } from '../errors.js';
import type { ParsedReport, RawEntry } from './types.js';

const at = (line: number, column = 0): Range => ({ start: { line, column }, end: { line, column } });

interface XmlLine {
  number?: string;
  hits?: string;
  branch?: string;
  'condition-coverage'?: string;
}
interface XmlMethod {
  name?: string;
  hits?: string;
  lines?: { line?: XmlLine[] };
}
interface XmlClass {
  name?: string;
  filename?: string;
  methods?: { method?: XmlMethod[] };
  lines?: { line?: XmlLine[] };
}

const ARRAYS = new Set(['source', 'package', 'class', 'method', 'line']);

function intAttr(name: string, where: string, value: string | undefined, what: string): number {
  if (value === undefined || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    throw new UsageError(
      `${name}: ${where}: expected a number for ${what}, got ${JSON.stringify(value ?? null)}`,
    );
  }
  return Math.max(0, Math.round(Number(value)));
}

/** `condition-coverage="50% (1/2)"` -> [covered, total]. */
function conditions(value: string | undefined): [number, number] | undefined {
  const m = value ? /\((\d+)\s*\/\s*(\d+)\)/.exec(value) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function classToIstanbul(name: string, cls: XmlClass, filename: string): FileCoverageData {
  const data: FileCoverageData = {
    path: filename,
    statementMap: {},
    fnMap: {},
    branchMap: {},
    s: {},
    f: {},
    b: {},
  };
  const where = `class ${JSON.stringify(cls.name ?? filename)}`;
  const hitsByLine = new Map<number, number>();
  const branchByLine = new Map<number, [number, number]>();
  for (const line of cls.lines?.line ?? []) {
    const n = intAttr(name, where, line.number, 'line "number"');
    const hits = intAttr(name, `${where} line ${n}`, line.hits, '"hits"');
    hitsByLine.set(n, (hitsByLine.get(n) ?? 0) + hits);
    const cond = line.branch === 'true' ? conditions(line['condition-coverage']) : undefined;
    if (cond && cond[1] > 0) branchByLine.set(n, cond);
  }
  let i = 0;
  for (const [line, hits] of [...hitsByLine].sort((a, b) => a[0] - b[0])) {
    data.statementMap[i] = at(line);
    data.s[i] = hits;
    i++;
  }
  (cls.methods?.method ?? []).forEach((m, k) => {
    const lines = m.lines?.line ?? [];
    const first = lines[0];
    const line = first ? intAttr(name, `${where} method ${m.name}`, first.number, 'line "number"') : 1;
    const hits =
      m.hits !== undefined
        ? intAttr(name, `${where} method ${m.name}`, m.hits, '"hits"')
        : first
          ? intAttr(name, `${where} method ${m.name}`, first.hits, '"hits"')
          : 0;
    data.fnMap[k] = { name: m.name ?? `(method ${k})`, decl: at(line), loc: at(line), line };
    data.f[k] = hits;
  });
  let k = 0;
  for (const [line, [covered, total]] of [...branchByLine].sort((a, b) => a[0] - b[0])) {
    const mapping: BranchMapping = {
      loc: at(line),
      type: 'branch',
      locations: Array.from({ length: total }, () => at(line)),
      line,
    };
    data.branchMap[k] = mapping;
    // Cobertura keeps only how many outcomes ran, not their counts: one hit for each that did.
    data.b[k] = Array.from({ length: total }, (_, j) => (j < covered ? 1 : 0));
    k++;
  }
  // istanbul's reporter writes files only c8 --all added as one `(empty-report)` method: a
  // placeholder that another shard's real data replaces (istanbul's `all` flag).
  const methods = cls.methods?.method ?? [];
  if (methods.length === 1 && methods[0]?.name === '(empty-report)') {
    (data as FileCoverageData & { all?: boolean }).all = true;
  }
  return data;
}

/**
 * Cobertura XML (coverage.py, istanbul's `cobertura` reporter, PHPUnit, gocover-cobertura, ...).
 * Class filenames are relative to one of the `<source>` folders; each is offered as a spelling so
 * path normalisation can pick the one that exists in the repository. Classes of the same file
 * (inner classes) merge.
 */
export function parseCobertura(text: string, name: string): ParsedReport {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    // Unclosed elements at the end of the text come back as "Invalid '[\"a\",\"b\"]' found." at 1:1.
    const unclosed = /^Invalid '(\[.*\])' found/s.exec(msg);
    if (unclosed) {
      let tags: string[] = [];
      try {
        tags = JSON.parse(unclosed[1] as string);
      } catch {
        // keep the generic message
      }
      const lastLine = text.trimEnd().split('\n').length;
      throw new UsageError(
        `${name}:${lastLine}: truncated or malformed XML: the file ends with ${tags.map((t) => `<${t}>`).join(', ') || 'elements'} still open`,
      );
    }
    throw new UsageError(`${name}:${line}:${col}: malformed XML: ${msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    ignoreDeclaration: true,
    processEntities: true,
    isArray: (tag) => ARRAYS.has(tag),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the parsed tree is checked field by field below
  const doc = parser.parse(text) as any;
  const root = doc?.coverage;
  if (!root || typeof root !== 'object') {
    throw new UsageError(`${name}: expected a Cobertura <coverage> root element`);
  }
  const sources: string[] = (root.sources?.source ?? [])
    .map((s: unknown) =>
      typeof s === 'string'
        ? s
        : typeof s === 'object' && s
          ? String((s as { '#text'?: unknown })['#text'] ?? '')
          : '',
    )
    .map((s: string) => s.trim())
    .filter((s: string) => s !== '');
  const entries: RawEntry[] = [];
  for (const pkg of root.packages?.package ?? []) {
    for (const cls of (pkg?.classes?.class ?? []) as XmlClass[]) {
      const filename = cls.filename;
      if (typeof filename !== 'string' || filename === '') {
        throw new UsageError(`${name}: class ${JSON.stringify(cls.name ?? '?')} has no filename attribute`);
      }
      const data = classToIstanbul(name, cls, filename);
      const isAbsolute = /^([/\\]|[A-Za-z]:[/\\])/.test(filename);
      const spelled = isAbsolute ? [] : sources.map((s) => `${s.replace(/[/\\]+$/, '')}/${filename}`);
      const [first, ...rest] = spelled;
      entries.push(
        first === undefined
          ? { rawPath: filename, data }
          : { rawPath: first, alternatives: [...rest, filename], data },
      );
    }
  }
  if (entries.length === 0) throw new UsageError(`${name}: empty coverage report (no <class> elements)`);
  return { format: 'cobertura', entries, notices: [] };
}
