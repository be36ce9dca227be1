import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseFiles } from '../src/testgen/analyse.js';
import { armsByFunction } from '../src/testgen/generate.js';
import { prepareModule } from '../src/testgen/instrument.js';
import { ROOT } from './helpers.js';

const CORPUS = path.join(ROOT, 'test', 'fixtures', 'testgen-corpus');

interface Entry {
  file: string;
  function: string;
  category: string;
  branches: number;
}

describe('testgen corpus', () => {
  const manifest = JSON.parse(readFileSync(path.join(CORPUS, 'corpus.json'), 'utf8')) as {
    functions: Entry[];
  };

  it('has at least 40 functions over every category the brief names', () => {
    expect(manifest.functions.length).toBeGreaterThanOrEqual(40);
    const categories = new Set(manifest.functions.map((f) => f.category));
    for (const c of [
      'string validation',
      'numeric ranges',
      'parsers',
      'state machines',
      'array logic',
      'nested conditions',
      'regexes',
      'thrown errors',
    ]) {
      expect(categories, c).toContain(c);
    }
  });

  it("lists every exported function with the branch count istanbul's instrumenter finds", () => {
    const files = readdirSync(CORPUS)
      .filter((f) => /\.(ts|cjs|js)$/.test(f))
      .map((f) => path.join(CORPUS, f));
    const { infos } = analyseFiles(files);
    const found: Omit<Entry, 'category'>[] = [];
    for (const info of infos) {
      expect(info.diagnostics).toEqual([]);
      const prepared = prepareModule(info.file, info.language, info.moduleKind);
      const arms = armsByFunction(info.sourceFile, info.functions, prepared.arms, prepared);
      for (const fn of info.functions) {
        found.push({
          file: path.basename(info.file),
          function: fn.name,
          branches: arms.get(fn)?.length ?? 0,
        });
      }
    }
    const key = (e: Omit<Entry, 'category'>) => `${e.file}:${e.function}`;
    expect(found.map(key).sort()).toEqual(manifest.functions.map(key).sort());
    const listed = new Map(manifest.functions.map((e) => [key(e), e.branches]));
    for (const f of found) expect(f.branches, key(f)).toBe(listed.get(key(f)));
  });
});
