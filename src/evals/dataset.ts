import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { allocate, DTYPES, type Dtype, type HostTensor, isDtype, product } from '../inference/tensor.js';
import { mulberry32 } from '../random.js';
import { syntheticId, syntheticWhere } from './source.js';
import { fillSynthetic } from './synthetic.js';

/** One sample: its id, where it came from (`file:line`) and its fields (model inputs plus `expected`). */
export interface Row {
  id: string;
  where: string;
  fields: Record<string, unknown>;
}

export interface DatasetInfo {
  kind: 'jsonl' | 'synthetic';
  source: string;
  samples: number;
  sha256?: string;
  seed?: number;
}

export interface Dataset {
  info: DatasetInfo;
  rows: Row[];
}

/**
 * JSONL: one JSON object per line, fields named after model inputs plus `expected` (and an optional
 * `id`). Blank lines are skipped; a malformed line is an error naming `file:line`.
 */
export async function loadJsonl(file: string, display = file): Promise<Dataset> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `dataset not found: ${display}` : `cannot read dataset ${display}: ${code}`,
    );
  }
  const rows: Row[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    const where = `${display}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new UsageError(`${where}: malformed JSON line: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new UsageError(
        `${where}: expected a JSON object with the model's input fields, got ${line.slice(0, 40)}`,
      );
    }
    const fields = value as Record<string, unknown>;
    const id =
      typeof fields.id === 'string' || typeof fields.id === 'number' ? String(fields.id) : String(i + 1);
    rows.push({ id, where, fields });
  }
  if (rows.length === 0) throw new UsageError(`${display}: the dataset is empty (no JSON lines)`);
  const sha256 = createHash('sha256').update(text).digest('hex');
  return { info: { kind: 'jsonl', source: display, samples: rows.length, sha256 }, rows };
}

export interface SyntheticSpec {
  name: string;
  dtype: Dtype;
  dims: number[];
}

/**
 * `NAME:DTYPE[d0,d1,...]`: the shape of one sample with batch 1. Input names may hold colons
 * (`onnx::Flatten_0`), so the dtype is what follows the last colon.
 */
export function parseSyntheticSpec(spec: string): SyntheticSpec {
  const m = /^(.+):([A-Za-z0-9]+)\[([0-9,\s]*)\]$/.exec(spec.trim());
  const usage = `expected NAME:DTYPE[d0,d1,...] such as "pixels:float32[1,64]"`;
  if (!m) throw new UsageError(`--synthetic "${spec}": ${usage}`);
  const [, name, dtype, dimText] = m as unknown as [string, string, string, string];
  if (!isDtype(dtype))
    throw new UsageError(`--synthetic "${spec}": unknown dtype "${dtype}" (one of ${DTYPES.join(', ')})`);
  const dims = dimText.split(',').map((d) => d.trim());
  if (dims.some((d) => !/^[1-9][0-9]*$/.test(d))) {
    throw new UsageError(`--synthetic "${spec}": every dimension must be a positive integer; ${usage}`);
  }
  return { name, dtype, dims: dims.map(Number) };
}

/** The seeded PRNG synthetic datasets draw from (mulberry32): the same inputs for a seed everywhere. */
export const prng = mulberry32;

/** Parse the specs of a synthetic dataset; each input name once. */
export function parseSyntheticSpecs(specs: readonly string[]): SyntheticSpec[] {
  if (specs.length === 0) throw new UsageError('synthetic data needs at least one NAME:DTYPE[dims] spec');
  const parsed = specs.map(parseSyntheticSpec);
  const names = new Set<string>();
  for (const s of parsed) {
    if (names.has(s.name)) throw new UsageError(`--synthetic: input "${s.name}" is given twice`);
    names.add(s.name);
  }
  return parsed;
}

/**
 * Random tensors from shapes and a seed, for latency and drift evals of models without labels,
 * materialised in memory (library users, tests). Runs stream them instead (syntheticSource), with
 * the same values: sample i of input j always comes from its own seeded stream.
 */
export function syntheticDataset(specs: readonly string[], samples: number, seed: number): Dataset {
  const parsed = parseSyntheticSpecs(specs);
  const rows: Row[] = [];
  for (let i = 0; i < samples; i++) {
    const fields: Record<string, unknown> = {};
    parsed.forEach((s, j) => {
      const data = allocate(s.dtype, product(s.dims));
      fillSynthetic(s, j, seed, i, data, 0);
      fields[s.name] = { dtype: s.dtype, dims: s.dims, data } satisfies HostTensor;
    });
    rows.push({ id: syntheticId(i), where: syntheticWhere(i), fields });
  }
  return { info: { kind: 'synthetic', source: specs.join(' '), samples, seed }, rows };
}
