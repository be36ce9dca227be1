/**
 * The key tables of docs/config.md, generated from the zod schema of autoglm.yml: every key with
 * its type, default and description (`.describe()` / `.meta({ description })` on the schema). A
 * section added to the schema appears on its own; a key without a description is an error.
 */
import { z } from 'zod';

type Json = {
  type?: string | string[];
  properties?: Record<string, Json>;
  required?: string[];
  additionalProperties?: Json | boolean;
  items?: Json;
  anyOf?: Json[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
};

export interface Row {
  key: string;
  type: string;
  default: string;
  description?: string;
}

export interface Section {
  /** Key path of the map: '' (top level), `models[]`, `gates.<metric>`, `suites[].dataset.synthetic`. */
  path: string;
  rows: Row[];
}

const isObject = (s: Json) => s.properties !== undefined;
const variants = (s: Json): Json[] => (s.anyOf ? s.anyOf.flatMap(variants) : [s]);
/** A record: a map of free names to one schema (`gates`, `adapter.inputs`). */
const recordOf = (s: Json): Json | undefined =>
  !s.properties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;

function scalarType(s: Json): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.const !== undefined) return `\`${String(s.const)}\``;
  switch (s.type) {
    case 'integer': {
      if (s.exclusiveMinimum === 0 || s.minimum === 1) return 'positive integer';
      if (s.minimum === 0) return 'integer >= 0';
      return 'integer';
    }
    case 'number': {
      const lo = s.exclusiveMinimum ?? s.minimum;
      const hi = s.exclusiveMaximum ?? s.maximum;
      if (lo !== undefined && hi !== undefined)
        return `number in ${s.exclusiveMinimum !== undefined ? '(' : '['}${lo}, ${hi}${s.exclusiveMaximum !== undefined ? ')' : ']'}`;
      if (s.exclusiveMinimum === 0) return 'positive number';
      if (s.minimum === 0) return 'number >= 0';
      return 'number';
    }
    case 'string':
      return s.pattern?.includes('%') ? 'percentage (`"5%"`)' : 'string';
    case 'boolean':
      return 'boolean';
    default:
      return 'any';
  }
}

function typeText(s: Json): string {
  const vs = variants(s);
  if (vs.length > 1) return [...new Set(vs.map(typeText))].join(' or ');
  if (isObject(s)) return 'map';
  const rec = recordOf(s);
  if (rec) return isObject(rec) ? 'map of name -> map' : `map of name -> ${typeText(rec)}`;
  if (s.type === 'object') return 'map';
  if (s.type === 'array' && s.items)
    return isObject(s.items) ? 'list of maps' : `list of ${plural(typeText(s.items))}`;
  return scalarType(s);
}

const plural = (t: string) =>
  t.endsWith('string') || t.endsWith('integer') || t.endsWith('number') ? `${t}s` : t;

function defaultText(s: Json, required: boolean): string {
  if (s.default === undefined) return required ? 'required' : '';
  const d = s.default;
  if (d !== null && typeof d === 'object' && !Array.isArray(d) && Object.keys(d).length > 0)
    return 'see below';
  return `\`${typeof d === 'string' ? d : JSON.stringify(d)}\``;
}

function walk(s: Json, path: string, out: Map<string, Section>): void {
  for (const v of variants(s)) {
    if (isObject(v)) {
      const section = out.get(path) ?? { path, rows: [] };
      out.set(path, section);
      for (const [key, prop] of Object.entries(v.properties ?? {})) {
        if (section.rows.some((r) => r.key === key)) continue;
        section.rows.push({
          key,
          type: typeText(prop),
          default: defaultText(prop, v.required?.includes(key) ?? false),
          ...(prop.description ? { description: prop.description } : {}),
        });
        walk(prop, path ? `${path}.${key}` : key, out);
      }
    } else if (v.type === 'array' && v.items) {
      walk(v.items, `${path}[]`, out);
    } else {
      const rec = recordOf(v);
      if (rec) walk(rec, `${path}.<name>`, out);
    }
  }
}

/** Every map of the schema, top level first, in schema order. */
export function configSections(schema: z.ZodType): Section[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const out = new Map<string, Section>();
  walk(json, '', out);
  return mergeTwins([...out.values()]);
}

/** Sibling maps of one schema (`coverage.gates.lines`, `.statements`, ...) become one section `coverage.gates.{lines,statements}`. */
function mergeTwins(sections: Section[]): Section[] {
  const out: Section[] = [];
  const groups = new Map<string, { section: Section; names: string[] }>();
  for (const s of sections) {
    const dot = s.path.lastIndexOf('.');
    const parent = s.path.slice(0, dot);
    const key = `${parent}\u0000${JSON.stringify(s.rows)}`;
    const group = groups.get(key);
    if (dot > 0 && group) {
      group.names.push(s.path.slice(dot + 1));
      group.section.path = `${parent}.{${group.names.join(',')}}`;
      continue;
    }
    const copy = { ...s };
    groups.set(key, { section: copy, names: [s.path.slice(dot + 1)] });
    out.push(copy);
  }
  return out;
}

/** Keys without a description, as `path.key`. */
export function undocumented(sections: Section[]): string[] {
  return sections.flatMap((s) =>
    s.rows.filter((r) => !r.description).map((r) => (s.path ? `${s.path}.${r.key}` : r.key)),
  );
}

const cell = (s: string) =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export function sectionTable(section: Section): string {
  return [
    '| key | type | default | description |',
    '| --- | --- | --- | --- |',
    ...section.rows.map((r) => `| \`${r.key}\` | ${r.type} | ${r.default} | ${cell(r.description ?? '')} |`),
  ].join('\n');
}

const START = (name: string) => `<!-- config:${name} -->`;
const END = (name: string) => `<!-- /config:${name} -->`;
/** The block that takes every section no other block names. */
const REST = 'other';

/**
 * Fill each `<!-- config:PATH -->` ... `<!-- /config:PATH -->` block of the page with the table
 * of that section; sections no block names go, each under its own heading, into the `other` block.
 */
export function withConfigTables(page: string, sections: Section[]): string {
  const named = new Set<string>();
  for (const m of page.matchAll(/<!-- config:([^ ]+) -->/g)) named.add(m[1] as string);
  if (!named.has(REST)) throw new Error(`docs/config.md has no ${START(REST)} ... ${END(REST)} block`);
  const byPath = new Map(sections.map((s) => [s.path || 'top', s]));
  for (const name of named) {
    if (name !== REST && !byPath.has(name))
      throw new Error(`docs/config.md names ${name}, which the schema does not have`);
  }
  const rest = sections
    .filter((s) => !named.has(s.path || 'top'))
    .map((s) => `### \`${s.path}\`\n\n${sectionTable(s)}`)
    .join('\n\n');
  let result = page;
  for (const name of named) {
    const start = result.indexOf(START(name));
    const end = result.indexOf(END(name));
    if (end < start) throw new Error(`docs/config.md: ${START(name)} has no ${END(name)} after it`);
    const body = name === REST ? rest : sectionTable(byPath.get(name) as Section);
    result = `${result.slice(0, start + START(name).length)}\n${body}${body ? '\n' : ''}${result.slice(end)}`;
  }
  return result;
}
