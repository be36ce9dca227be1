import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { LLM_GATE_METRICS } from './llm.js';
import { checkLlmConfig, isLlmGateMetric } from './llm-checks.js';
import { type Config, ConfigSchema, GATE_METRICS, isHigherBetter } from './schema.js';
import { didYouMean } from './suggest.js';

export type KeyPath = ReadonlyArray<string | number>;

export interface LoadedConfig {
  config: Config;
  /** The config file as named in messages. */
  file: string;
  /** Folder that relative paths in the config are resolved against. */
  dir: string;
  /** `file:line:col` of the value at a key path, for errors raised after validation. */
  locate(keyPath: KeyPath): string;
}

export const DEFAULT_CONFIG_FILE = 'autoglm.yml';

/** `models[1].batch_size` */
export function formatKeyPath(keyPath: KeyPath): string {
  let out = '';
  for (const part of keyPath) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(top level)';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

function valueAt(root: unknown, keyPath: KeyPath): unknown {
  let cur: unknown = root;
  for (const part of keyPath) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

/** The keys a strict object at `keyPath` accepts, found by walking the zod schema. */
function allowedKeysAt(schema: z.ZodType, keyPath: KeyPath): string[] {
  const keys = new Set<string>();
  const visit = (s: z.ZodType, rest: KeyPath): void => {
    // biome-ignore lint/suspicious/noExplicitAny: walking zod's internal definition tree
    const def = (s as any)._zod.def;
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'nullable':
      case 'prefault':
        visit(def.innerType, rest);
        return;
      case 'union':
        for (const option of def.options) visit(option, rest);
        return;
      case 'array':
        if (rest.length > 0) visit(def.element, rest.slice(1));
        return;
      case 'record':
        if (rest.length > 0) visit(def.valueType, rest.slice(1));
        return;
      case 'object':
        if (rest.length === 0) {
          for (const k of Object.keys(def.shape)) keys.add(k);
        } else {
          const child = def.shape[rest[0] as string];
          if (child) visit(child, rest.slice(1));
        }
        return;
      default:
        return;
    }
  };
  visit(schema, keyPath);
  return [...keys];
}

/**
 * A union's issue (`dataset:`, `adapter:`) says only "expected this or that". When exactly one form
 * took the value's shape (every issue of that form lies inside the value), its issues say what to fix.
 */
function expandUnions(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const inside = issue.errors.filter((form) => form.length > 0 && form.every((i) => i.path.length > 0));
  if (inside.length !== 1) return [issue];
  return (inside[0] ?? []).flatMap((i) => expandUnions({ ...i, path: [...issue.path, ...i.path] }));
}

/** `file:line:col` of a key path in a parsed YAML document (other YAML files reuse it). */
export function makeLocator(file: string, doc: Document, lines: LineCounter) {
  return (keyPath: KeyPath, preferKey = false): string => {
    let node: unknown = doc.getIn(keyPath, true);
    // For an unknown or missing key, point at the key itself or the map that should hold it.
    if (preferKey || node === undefined) {
      const parentPath = keyPath.slice(0, -1);
      const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
      const last = keyPath[keyPath.length - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
        node = pair?.key ?? (node === undefined ? parent : node);
      } else if (node === undefined) {
        node = parent ?? doc.contents;
      }
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return file;
    const pos = lines.linePos(range[0]);
    return `${file}:${pos.line}:${pos.col}`;
  };
}

/** Parse and validate config text. `file` names it in messages; relative paths resolve against `dir`. */
export function parseConfig(
  text: string,
  file: string,
  dir = path.dirname(path.resolve(file)),
): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e ? lines.linePos(e.pos[0]) : { line: 1, col: 1 };
    throw new UsageError(
      `${file}:${pos.line}:${pos.col}: invalid YAML: ${e?.message.split('\n')[0] ?? 'parse error'}`,
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const locate = makeLocator(file, doc, lines);
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(
      `${file}:1:1: expected a map of settings (models, suites, gates, ...), got ${describeValue(raw)}`,
    );
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const messages: string[] = [];
    for (const issue of parsed.error.issues.flatMap(expandUnions)) {
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeysAt(ConfigSchema, issue.path as KeyPath);
        for (const key of issue.keys) {
          const keyPath = [...(issue.path as KeyPath), key];
          const hint = didYouMean(key, allowed);
          messages.push(
            `${locate(keyPath, true)}: ${formatKeyPath(keyPath)}: unknown key${hint ? `; did you mean "${hint}"?` : ''} (allowed: ${allowed.join(', ')})`,
          );
        }
        continue;
      }
      const keyPath = issue.path as KeyPath;
      const value = valueAt(raw, keyPath);
      const got = value === undefined ? 'it is missing' : `got ${describeValue(value)}`;
      messages.push(`${locate(keyPath)}: ${formatKeyPath(keyPath)}: ${issue.message}, ${got}`);
    }
    throw new UsageError(messages.slice(0, 10).join('\n'));
  }
  const config = parsed.data;
  checkReferences(config, locate);
  checkLlmConfig(config, raw, locate);
  return { config, file, dir, locate: (p) => locate(p) };
}

/** Cross-field rules zod cannot express per field. */
function checkReferences(config: Config, locate: (p: KeyPath, preferKey?: boolean) => string): void {
  const seen = new Map<string, number>();
  config.models.forEach((m, i) => {
    const first = seen.get(m.name);
    if (first !== undefined) {
      throw new UsageError(
        `${locate(['models', i, 'name'])}: models[${i}].name: "${m.name}" is already used by models[${first}]`,
      );
    }
    seen.set(m.name, i);
    const sources = [m.path, m.model, m.endpoint].filter((s) => s !== undefined).length;
    if (sources !== 1) {
      throw new UsageError(
        `${locate(['models', i])}: models[${i}]: expected exactly one of "path" (ONNX file) or "endpoint", got ${sources === 0 ? 'neither' : 'several'}`,
      );
    }
  });
  const names = config.models.map((m) => m.name);
  config.suites.forEach((s, i) => {
    s.models?.forEach((name, j) => {
      if (!seen.has(name)) {
        const hint = didYouMean(name, names);
        throw new UsageError(
          `${locate(['suites', i, 'models', j])}: suites[${i}].models[${j}]: no model named "${name}"${hint ? `; did you mean "${hint}"?` : ''} (models: ${names.join(', ') || 'none'})`,
        );
      }
    });
  });
  for (const [metric, gate] of Object.entries(config.gates)) {
    if (!(GATE_METRICS as readonly string[]).includes(metric) && !isLlmGateMetric(metric)) {
      const hint = didYouMean(metric, [...GATE_METRICS, ...LLM_GATE_METRICS]);
      throw new UsageError(
        `${locate(['gates', metric], true)}: gates.${metric}: unknown metric${hint ? `; did you mean "${hint}"?` : ''} (metrics: ${[...GATE_METRICS, ...LLM_GATE_METRICS].join(', ')})`,
      );
    }
    if ([gate.min, gate.max, gate.max_drop, gate.max_increase].every((v) => v === undefined)) {
      throw new UsageError(
        `${locate(['gates', metric])}: gates.${metric}: expected at least one of min, max, max_drop, max_increase`,
      );
    }
    const higher = isHigherBetter(metric);
    if (higher && gate.max_increase !== undefined) {
      throw new UsageError(
        `${locate(['gates', metric, 'max_increase'], true)}: gates.${metric}.max_increase: ${metric} is better when higher; use max_drop`,
      );
    }
    if (!higher && gate.max_drop !== undefined) {
      throw new UsageError(
        `${locate(['gates', metric, 'max_drop'], true)}: gates.${metric}.max_drop: ${metric} is better when lower; use max_increase`,
      );
    }
  }
}

/** Read and validate a config file; a missing file is a usage error that says where it looked. */
export async function loadConfig(file: string, display = file): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(
        `config file not found: ${display}`,
        'create one with `autoglm init`, pass --config PATH, or run `autoglm eval --model NAME=PATH ...` without a config',
      );
    }
    throw new UsageError(`cannot read config file ${display}: ${(e as Error).message}`);
  }
  return parseConfig(text, display, path.dirname(path.resolve(file)));
}
