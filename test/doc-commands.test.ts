import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { ROOT, tempDir } from './helpers.js';

/**
 * The shell commands README.md and docs/*.md show, run as written. Every ```sh block carries a
 * marker on the line before it: `<!-- doc-test: run -->` blocks run here, in order, in a copy of
 * the repository (cheap ones only); `<!-- doc-test: manual: why -->` blocks need what a test cannot
 * have (a model server, a fresh npm install, the registry) and are tried by hand.
 */
interface Block {
  file: string;
  line: number;
  marker: string | undefined;
  script: string;
}

const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);

function shellBlocks(file: string, text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```sh\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1] ?? '';
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ''); i++) {
      body.push((lines[i] ?? '').slice(indent.length));
    }
    let before = start - 1;
    while (before >= 0 && (lines[before] ?? '').trim() === '') before--;
    const marker = /<!--\s*doc-test:\s*(.*?)\s*-->/.exec(lines[before] ?? '')?.[1];
    blocks.push({ file, line: start + 1, marker, script: `${body.join('\n')}\n` });
  }
  return blocks;
}

const blocks = DOCS.flatMap((f) => shellBlocks(f, readFileSync(path.join(ROOT, f), 'utf8')));

/** The repository's tracked files in a temp folder, with node_modules and the built dist/ linked. */
function repoCopy(): string {
  const dir = tempDir('autoglm-docs-');
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0');
  for (const f of files.filter((x) => x && !x.startsWith('dist/'))) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    cpSync(path.join(ROOT, f), path.join(dir, f));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'));
  return dir;
}

describe('commands shown in README.md and docs/', () => {
  it('every sh block says whether a test runs it or why it is tried by hand', () => {
    const unmarked = blocks.filter((b) => !b.marker || !/^(run|manual: .+)$/.test(b.marker));
    expect(unmarked.map((b) => `${b.file}:${b.line}`)).toEqual([]);
    expect(blocks.filter((b) => b.marker === 'run').length).toBeGreaterThanOrEqual(3);
  });

  it("the README's config example is a valid autoglm.yml", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.split('## Config (`autoglm.yml`)')[1] ?? '';
    const yaml = section.split('```yaml\n')[1]?.split('```')[0] ?? '';
    const { config } = parseConfig(yaml, 'README.md', ROOT);
    expect(config.suites.map((s) => s.name)).toEqual(['digits-eval', 'glm-chat']);
  });

  describe('run as written, on this Node, in a copy of the repository', () => {
    let dir: string;
    beforeAll(() => {
      dir = repoCopy();
    });

    for (const b of blocks.filter((x) => x.marker === 'run')) {
      it(`${b.file}:${b.line}`, () => {
        const r = spawnSync('sh', ['-e', '-c', b.script], {
          cwd: dir,
          encoding: 'utf8',
          env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
          timeout: 240_000,
        });
        expect(r.status, `${b.script}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).toBe(0);
        expect(r.stderr).not.toMatch(/npm warn/i);
        // A test runner that found nothing to run is not a pass.
        if (/--test\b/.test(b.script)) expect(r.stdout).toMatch(/^# pass [1-9]/m);
      }, 300_000);
    }
  });
});
