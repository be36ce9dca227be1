import type { BranchMapping, FileCoverageData, FunctionMapping, Range } from 'istanbul-lib-coverage';
import { UsageError } from '../errors.js';
import type { ParsedReport, RawEntry } from './types.js';

/** A zero-width location at a line; `column` tells apart several items on one line. */
const at = (line: number, column = 0): Range => ({ start: { line, column }, end: { line, column } });

interface FnRecord {
  name: string;
  line: number;
  endLine?: number;
  hits: number;
}

interface Builder {
  sf: string;
  startLine: number;
  lines: Map<number, number>;
  functions: FnRecord[];
  /** FNL index -> function (lcov 2 format). */
  byIndex: Map<string, FnRecord>;
  /** line -> block id -> branch id -> taken. */
  branches: Map<number, Map<string, Map<string, number>>>;
}

/**
 * One lcov record as istanbul data: a statement per `DA` line, a function per `FN`/`FNL`, a branch
 * group per (`BRDA` line, block) with one location per branch. Branch groups are keyed by their
 * order on the line, not by block number, which differs between runs of some tools.
 */
function toIstanbul(b: Builder): FileCoverageData {
  const data: FileCoverageData = {
    path: b.sf,
    statementMap: {},
    fnMap: {},
    branchMap: {},
    s: {},
    f: {},
    b: {},
  };
  let i = 0;
  for (const [line, hits] of [...b.lines].sort((x, y) => x[0] - y[0])) {
    data.statementMap[i] = at(line);
    data.s[i] = hits;
    i++;
  }
  b.functions.forEach((fn, k) => {
    const mapping: FunctionMapping = {
      name: fn.name,
      decl: at(fn.line),
      loc: { start: { line: fn.line, column: 0 }, end: { line: fn.endLine ?? fn.line, column: 0 } },
      line: fn.line,
    };
    data.fnMap[k] = mapping;
    data.f[k] = fn.hits;
  });
  let k = 0;
  for (const [line, blocks] of [...b.branches].sort((x, y) => x[0] - y[0])) {
    let ordinal = 0;
    for (const branches of blocks.values()) {
      const locations = [...branches.keys()].map(() => at(line, ordinal));
      const mapping: BranchMapping = { loc: at(line, ordinal), type: 'branch', locations, line };
      data.branchMap[k] = mapping;
      data.b[k] = [...branches.values()];
      k++;
      ordinal++;
    }
  }
  // c8 --all writes files no test loaded as one `(empty-report)` function: a placeholder that
  // another shard's real data must replace, not add to (istanbul's `all` flag).
  if (b.functions.length === 1 && b.functions[0]?.name === '(empty-report)') {
    (data as FileCoverageData & { all?: boolean }).all = true;
  }
  return data;
}

const INT = /^\d+$/;

/**
 * lcov tracefile (`lcov.info`): `SF`, `DA`, `FN`/`FNDA` (and lcov 2's `FNL`/`FNA`), `BRDA`,
 * `end_of_record`. Summary lines (`LF`, `LH`, `FNF`, ...) are recomputed, not trusted. A record
 * repeated for the same file is merged (hits added), as `lcov -a` does, with a notice.
 */
export function parseLcov(text: string, name: string): ParsedReport {
  const entries: RawEntry[] = [];
  const notices: string[] = [];
  const firstSeen = new Map<string, number>();
  let cur: Builder | undefined;
  const lines = text.split(/\r?\n/);
  const fail = (n: number, what: string): never => {
    throw new UsageError(`${name}:${n}: ${what}`);
  };
  for (let n = 1; n <= lines.length; n++) {
    const line = (lines[n - 1] as string).trim();
    if (line === '') continue;
    if (line === 'end_of_record') {
      if (!cur) fail(n, 'end_of_record without a preceding SF: line');
      const done = cur as Builder;
      const seen = firstSeen.get(done.sf);
      if (seen !== undefined) {
        notices.push(`${name}: ${done.sf} has several records (lines ${seen} and ${done.startLine}); merged`);
      } else firstSeen.set(done.sf, done.startLine);
      entries.push({ rawPath: done.sf, data: toIstanbul(done) });
      cur = undefined;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[A-Z]+$/.test(line.slice(0, colon))) {
      fail(
        n,
        `expected an lcov record line (TN:, SF:, DA:, FN:, BRDA:, end_of_record), got ${JSON.stringify(line.slice(0, 60))}`,
      );
    }
    const tag = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (tag === 'TN' || tag === 'VER') continue;
    if (tag === 'SF') {
      if (cur)
        fail(
          n,
          `SF: for ${value} while the record for ${cur.sf} (line ${cur.startLine}) has no end_of_record`,
        );
      if (value === '') fail(n, 'SF: with no file name');
      cur = {
        sf: value,
        startLine: n,
        lines: new Map(),
        functions: [],
        byIndex: new Map(),
        branches: new Map(),
      };
      continue;
    }
    if (!cur) {
      fail(n, `${tag}: outside a record (expected SF:<file> first)`);
      continue;
    }
    const parts = value.split(',');
    switch (tag) {
      case 'DA': {
        const [l, h] = parts;
        if (!l || !INT.test(l) || l === '0' || h === undefined || !/^-?\d+(\.\d+)?(e\+?\d+)?$/i.test(h)) {
          fail(n, `expected DA:<line>,<hits>, got ${JSON.stringify(line)}`);
        }
        const hits = Math.max(0, Number(h));
        const lineNo = Number(l);
        cur.lines.set(lineNo, (cur.lines.get(lineNo) ?? 0) + hits);
        break;
      }
      case 'FN': {
        // FN:<line>,<name> or FN:<line>,<end line>,<name>
        const [l, maybeEnd, ...rest] = parts;
        if (!l || !INT.test(l) || maybeEnd === undefined)
          fail(n, `expected FN:<line>,<name>, got ${JSON.stringify(line)}`);
        const hasEnd = rest.length > 0 && INT.test(maybeEnd as string);
        const fnName = hasEnd ? rest.join(',') : [maybeEnd, ...rest].join(',');
        cur.functions.push({
          name: fnName,
          line: Number(l),
          ...(hasEnd ? { endLine: Number(maybeEnd) } : {}),
          hits: 0,
        });
        break;
      }
      case 'FNDA': {
        const [h, ...nameParts] = parts;
        if (!h || !/^\d+$/.test(h) || nameParts.length === 0) {
          fail(n, `expected FNDA:<hits>,<name>, got ${JSON.stringify(line)}`);
        }
        const fnName = nameParts.join(',');
        let found = false;
        for (const fn of cur.functions) {
          if (fn.name === fnName) {
            fn.hits += Number(h);
            found = true;
          }
        }
        if (!found) cur.functions.push({ name: fnName, line: 1, hits: Number(h) });
        break;
      }
      case 'FNL': {
        // lcov 2: FNL:<index>,<line>[,<end line>]
        const [idx, l, end] = parts;
        if (!idx || !l || !INT.test(l))
          fail(n, `expected FNL:<index>,<line>[,<end>], got ${JSON.stringify(line)}`);
        const fn: FnRecord = {
          name: `fn${idx}`,
          line: Number(l),
          hits: 0,
          ...(end && INT.test(end) ? { endLine: Number(end) } : {}),
        };
        cur.byIndex.set(idx as string, fn);
        cur.functions.push(fn);
        break;
      }
      case 'FNA': {
        // lcov 2: FNA:<index>,<hits>,<name>
        const [idx, h, ...nameParts] = parts;
        const fn = cur.byIndex.get(idx ?? '');
        if (!fn || !h || !/^\d+$/.test(h))
          fail(n, `expected FNA:<index>,<hits>,<name> after FNL:<index>, got ${JSON.stringify(line)}`);
        (fn as FnRecord).hits += Number(h);
        if (nameParts.length) (fn as FnRecord).name = nameParts.join(',');
        break;
      }
      case 'BRDA': {
        // BRDA:<line>,[e]<block>,<branch>,<taken|->  (the branch id may itself contain commas in lcov 2)
        const l = parts[0];
        const block = parts[1];
        const taken = parts[parts.length - 1];
        const branch = parts.slice(2, -1).join(',');
        if (
          !l ||
          !INT.test(l) ||
          block === undefined ||
          parts.length < 4 ||
          taken === undefined ||
          !/^(-|\d+)$/.test(taken)
        ) {
          fail(n, `expected BRDA:<line>,<block>,<branch>,<taken or ->, got ${JSON.stringify(line)}`);
        }
        const lineNo = Number(l);
        let blocks = cur.branches.get(lineNo);
        if (!blocks) {
          blocks = new Map();
          cur.branches.set(lineNo, blocks);
        }
        let branches = blocks.get(block as string);
        if (!branches) {
          branches = new Map();
          blocks.set(block as string, branches);
        }
        branches.set(branch, (branches.get(branch) ?? 0) + (taken === '-' ? 0 : Number(taken)));
        break;
      }
      default:
        // Counters (LF, LH, FNF, FNH, BRF, BRH) and tags of other tools: recomputed or not needed.
        break;
    }
  }
  if (cur) {
    throw new UsageError(
      `${name}:${lines.length}: truncated lcov: the record for ${cur.sf} (from line ${cur.startLine}) has no end_of_record`,
    );
  }
  if (entries.length === 0) throw new UsageError(`${name}: empty coverage report (no SF: records)`);
  return { format: 'lcov', entries, notices };
}
