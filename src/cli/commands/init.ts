import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { ExitCode, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../results/io.js';
import { parseFlags } from '../args.js';
import type { Command } from './shared.js';

/** ONNX files under `dir` (not in node_modules or dot folders), at most `limit`, sorted. */
async function findModels(dir: string, limit = 10): Promise<string[]> {
  const found: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > 4 || found.length >= limit) return;
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child, depth + 1);
      else if (e.name.endsWith('.onnx') && found.length < limit) found.push(child);
    }
  };
  await walk('', 0);
  return found;
}

/** A starter config: the ONNX models found here, one synthetic latency suite per model, gates to edit. */
export async function starterConfig(cwd: string): Promise<string> {
  const models = await findModels(cwd);
  const names = new Set<string>();
  const entries = models.map((file) => {
    let name = path.basename(file, '.onnx').replace(/[^A-Za-z0-9._-]/g, '-');
    while (names.has(name)) name = `${name}-2`;
    names.add(name);
    return { name, path: file, adapter: 'tensor', batch_size: 1 };
  });
  const doc = {
    models: entries.length
      ? entries
      : [{ name: 'my-model', path: 'model.onnx', adapter: 'tensor', batch_size: 1 }],
    suites: [
      {
        name: 'latency',
        dataset: { synthetic: { inputs: ['INPUT_NAME:float32[1,3,224,224]'], samples: 64, seed: 1 } },
      },
    ],
    gates: { 'latency.p95_ms': { max_increase: '10%', mode: 'warn' } },
    baseline: { store: 'file' },
  };
  return `# autoglm config: see docs/config.md. Replace INPUT_NAME and the shape with your model's input
# (autoglm eval --model m=PATH --synthetic ... prints the inputs it expects when they do not match),
# or point dataset: at a JSONL file with one sample per line and an "expected" field.
${stringify(doc)}`;
}

export const initCommand: Command = {
  summary: 'write a starter autoglm.yml for the ONNX models found here',
  help: `Usage: autoglm init [--config FILE] [--force]

Writes a starter config listing the ONNX models found under the current folder, with a synthetic
latency suite and a warn-level latency gate to edit.

Options:
  --config FILE   where to write it (default: autoglm.yml)
  --force         overwrite an existing file
  -h, --help      show this help`,
  async run(argv, io) {
    const { values } = parseFlags('init', argv, {
      config: { type: 'string' },
      force: { type: 'boolean' },
      debug: { type: 'boolean' },
    });
    const file = values.config ?? DEFAULT_CONFIG_FILE;
    const abs = path.resolve(io.cwd, file);
    if (existsSync(abs) && !values.force) {
      throw new UsageError(`${file} already exists`, 'pass --force to overwrite it');
    }
    await writeFileAtomic(abs, await starterConfig(io.cwd));
    io.stdout(`Wrote ${file}. Edit the suite's inputs, then run: autoglm run\n`);
    return ExitCode.Pass;
  },
};
