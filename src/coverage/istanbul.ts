import type { FileCoverageData } from 'istanbul-lib-coverage';
import { UsageError } from '../errors.js';
import { parseJson } from './json.js';
import type { ParsedReport, RawEntry } from './types.js';

const EXPECTED =
  'an istanbul coverage map (coverage-final.json: {"<path>": {statementMap, s, fnMap, f, branchMap, b}})';
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Check one file entry enough that istanbul-lib-coverage cannot trip over it later: the seven maps
 * exist, hit counts are numbers (branch hits arrays of numbers) and every count has a location.
 */
function checkFile(name: string, key: string, value: unknown): FileCoverageData {
  const v = isObject(value) && isObject(value.data) && !('statementMap' in value) ? value.data : value;
  const where = `${name}: entry ${JSON.stringify(key)}`;
  if (!isObject(v)) throw new UsageError(`${where}: expected a file coverage object, got ${typeof v}`);
  for (const k of ['statementMap', 'fnMap', 'branchMap', 's', 'f', 'b']) {
    if (!isObject(v[k]))
      throw new UsageError(`${where}: "${k}" is missing or not an object; expected ${EXPECTED}`);
  }
  // for...in, not Object.entries: this runs over every statement of reports with a million of them.
  const statementMap = v.statementMap as Record<string, { start?: { line?: unknown } } | undefined>;
  const s = v.s as Record<string, unknown>;
  for (const id in s) {
    if (typeof s[id] !== 'number') throw new UsageError(`${where}: s["${id}"] is not a number`);
    if (typeof statementMap[id]?.start?.line !== 'number') {
      throw new UsageError(`${where}: statement ${id} has a count but no location in statementMap`);
    }
  }
  const f = v.f as Record<string, unknown>;
  for (const id in f) {
    if (typeof f[id] !== 'number') throw new UsageError(`${where}: f["${id}"] is not a number`);
  }
  const b = v.b as Record<string, unknown>;
  for (const id in b) {
    const hits = b[id];
    if (!Array.isArray(hits)) throw new UsageError(`${where}: b["${id}"] is not a list of numbers`);
    for (const h of hits)
      if (typeof h !== 'number') throw new UsageError(`${where}: b["${id}"] is not a list of numbers`);
  }
  const path = typeof v.path === 'string' && v.path !== '' ? v.path : key;
  return { ...(v as unknown as FileCoverageData), path };
}

/** istanbul `coverage-final.json` (what nyc, c8, jest, vitest write with the `json` reporter). */
export function parseIstanbul(text: string, name: string): ParsedReport {
  const raw = parseJson(text, name, EXPECTED);
  if (!isObject(raw))
    throw new UsageError(`${name}: expected ${EXPECTED}, got ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  const entries: RawEntry[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const data = checkFile(name, key, value);
    entries.push({ rawPath: data.path, data });
  }
  if (entries.length === 0) throw new UsageError(`${name}: empty coverage report (no files in it)`);
  return { format: 'istanbul', entries, notices: [] };
}
