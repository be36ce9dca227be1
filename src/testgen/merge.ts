import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import {
  contentHash,
  type Framework,
  type ImportFn,
  MARK,
  recordedHash,
  renderPreamble,
  seal,
} from './emit.js';

/**
 * Generated test files are regenerated one function at a time: each function's tests sit between
 * `// autoglm-testgen:begin {...}` and `// autoglm-testgen:end`, and the header records the file's
 * sha256. A run replaces the blocks of the functions it generated tests for and keeps every other
 * block byte for byte (`--changed-only` never deletes the tests of unchanged functions). A file
 * whose content no longer matches its hash was edited by a person: it is not overwritten without
 * `--force`.
 */

interface Block {
  fn: ImportFn;
  /** The block's lines, markers included, exactly as in the file. */
  text: string;
}

/** Not ok: a person edited the file (or did not get it from testgen); `blocks` when still delimited. */
type Parsed = { ok: true; blocks: Block[] } | { ok: false; why: string; blocks?: Block[] };

const BEGIN = `// ${MARK}:begin `;
const END = `// ${MARK}:end`;

const ImportFnSchema = z.object({
  name: z.string(),
  exportName: z.string(),
  kind: z.enum(['function', 'method', 'static']),
  className: z.string().optional(),
});

/** The blocks of a file testgen wrote, or why it cannot be treated as one it may rewrite. */
export function parseGenerated(text: string): Parsed {
  const recorded = recordedHash(text);
  if (recorded === undefined) {
    return { ok: false, why: `it has no "${MARK} sha256=" line (written by hand, or by an earlier autoglm)` };
  }
  const blocks = parseBlocks(text);
  if (recorded !== contentHash(text)) {
    return {
      ok: false,
      why: 'it was edited since autoglm testgen wrote it (its content no longer matches the sha256 in its header)',
      ...(Array.isArray(blocks) ? { blocks } : {}),
    };
  }
  return Array.isArray(blocks) ? { ok: true, blocks } : { ok: false, why: blocks };
}

/** The delimited blocks, or what is wrong with the markers. */
function parseBlocks(text: string): Block[] | string {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith(BEGIN)) continue;
    const meta = ImportFnSchema.safeParse(safeJson(line.slice(BEGIN.length)));
    const end = lines.indexOf(END, i + 1);
    if (!meta.success || end < 0) return `line ${i + 1}: a test block without its markers`;
    blocks.push({ fn: meta.data, text: lines.slice(i, end + 1).join('\n') });
    i = end;
  }
  return blocks;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface MergeInput {
  /** The source module the test file tests. */
  source: string;
  testFile: string;
  framework: Framework;
  /** This run's file: blocks of the functions it generated tests for. */
  fresh: string;
  /** What the file holds now (absent: a new file). */
  previous?: string;
  /** Functions the source still has: blocks of the others are dropped (their import would fail). */
  sourceFunctions: ReadonlySet<string>;
}

export interface Merged {
  text: string;
  /** Functions whose earlier tests were kept as written. */
  kept: string[];
}

/** The fresh blocks where this run has them, the previous ones elsewhere, imports for all. */
export function mergeTestFile(m: MergeInput): Merged {
  const fresh = parseGenerated(m.fresh);
  if (!fresh.ok) throw new Error(`testgen: its own output for ${m.testFile} does not parse: ${fresh.why}`);
  const previous = m.previous === undefined ? undefined : parseGenerated(m.previous);
  // Forced over an edited file: its blocks still delimited are merged like any others.
  const prior = previous?.blocks ?? [];
  const byName = new Map(fresh.blocks.map((b) => [b.fn.name, b]));
  const blocks: Block[] = [];
  const kept: string[] = [];
  for (const b of prior) {
    const replacement = byName.get(b.fn.name);
    if (replacement) {
      blocks.push(replacement);
      byName.delete(b.fn.name);
    } else if (m.sourceFunctions.has(b.fn.name)) {
      blocks.push(b);
      kept.push(b.fn.name);
    }
  }
  blocks.push(...byName.values());
  const language = /\.(c|m)?tsx?$/.test(m.source) ? 'ts' : 'js';
  // testgen writes `const { describe, ... } = require(...)` for CommonJS sources only.
  const moduleKind = /^const \{[^}]*\} = require\('(node:test|vitest|@jest\/globals)'\);$/m.test(m.fresh)
    ? 'cjs'
    : 'esm';
  const lines = renderPreamble(
    { file: m.source, language, moduleKind },
    m.testFile,
    blocks.map((b) => b.fn),
    m.framework,
  );
  for (const b of blocks) lines.push('', b.text);
  return { text: seal(`${lines.join('\n')}\n`), kept };
}

export interface PlannedWrite {
  file: string;
  content: string;
  kept: string[];
}

/**
 * What to write for each test file of this run, checked before anything is written: a file a
 * person edited since testgen wrote it stops the run (exit 2) unless `force`.
 */
export async function planWrites(
  outputs: ReadonlyMap<string, string>,
  options: {
    root: string;
    framework: Framework;
    force: boolean;
    sourceOf: (testFile: string) => string | undefined;
    functionsOf: (source: string) => ReadonlySet<string>;
  },
): Promise<PlannedWrite[]> {
  const planned: PlannedWrite[] = [];
  const refused: string[] = [];
  for (const [file, fresh] of outputs) {
    const previous = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw new UsageError(`cannot read ${file} to regenerate it: ${e.message}`);
    });
    const source = options.sourceOf(file);
    if (previous !== undefined) {
      const parsed = parseGenerated(previous);
      if (!parsed.ok && !options.force) {
        refused.push(`${path.relative(options.root, file) || file}: ${parsed.why}`);
        continue;
      }
    }
    if (source === undefined) {
      planned.push({ file, content: fresh, kept: [] });
      continue;
    }
    const merged = mergeTestFile({
      source,
      testFile: file,
      framework: options.framework,
      fresh,
      ...(previous !== undefined ? { previous } : {}),
      sourceFunctions: options.functionsOf(source),
    });
    planned.push({ file, content: merged.text, kept: merged.kept });
  }
  if (refused.length > 0) {
    throw new UsageError(
      `autoglm testgen: not overwriting ${refused.length === 1 ? 'a test file' : `${refused.length} test files`} a person may have edited:\n  ${refused.join('\n  ')}`,
      'keep your edits in another test file, or pass --force (testgen.force: true in autoglm.yml) to overwrite them',
    );
  }
  return planned;
}
