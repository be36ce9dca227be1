import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff, unquoteGitPath } from '../src/coverage/diff.js';

/** `git diff --unified=0 -M` output (src/coverage/diff.ts): quoted paths, hunks and their bodies. */
const diffOf = (...lines: string[]) => parseUnifiedDiff(lines.join('\n'));

describe('unquoteGitPath', () => {
  it('undoes every C escape git writes, octal bytes as UTF-8, and keeps what it does not know', () => {
    expect(unquoteGitPath('"a\\tb\\nc\\rd\\be\\ff\\ag\\vh"')).toBe('a\tb\nc\rd\be\ff\u0007g\vh');
    expect(unquoteGitPath('"back\\\\slash \\"quoted\\""')).toBe('back\\slash "quoted"');
    expect(unquoteGitPath('"caf\\303\\251.ts"')).toBe('café.ts');
    // At most three octal digits: \1010 is "A" then "0".
    expect(unquoteGitPath('"\\1010"')).toBe('A0');
    expect(unquoteGitPath('"\\q"')).toBe('q');
    expect(unquoteGitPath('"é"')).toBe('é');
  });

  it('only a string quoted at both ends is unquoted', () => {
    expect(unquoteGitPath('"a.ts')).toBe('"a.ts');
    expect(unquoteGitPath('a.ts"')).toBe('a.ts"');
    expect(unquoteGitPath('"')).toBe('"');
    expect(unquoteGitPath('""')).toBe('');
  });
});

describe('parseUnifiedDiff', () => {
  it('hunk counts: none means one line, 0 added means no line; lines ascending', () => {
    expect(
      diffOf(
        'diff --git a/a.ts b/a.ts',
        '--- a/a.ts',
        '+++ b/a.ts',
        '@@ -1 +1 @@',
        '-x',
        '+y',
        '@@ -5,2 +4,0 @@',
        '-gone',
        '-gone too',
        '@@ -9,0 +8,3 @@',
        '+1',
        '+2',
        '+3',
      ),
    ).toEqual([{ path: 'a.ts', lines: [1, 8, 9, 10] }]);
  });

  it('a hunk body is consumed by its counts: lines that look like headers inside it are content', () => {
    expect(
      diffOf(
        'diff --git a/a.ts b/a.ts',
        '--- a/a.ts',
        '+++ b/a.ts',
        '@@ -1,2 +1,2 @@',
        '--- a/other.ts',
        '-rename from x',
        '++++ b/other.ts',
        '+@@ -1 +50 @@',
        'diff --git a/b.ts b/b.ts',
        '--- a/b.ts',
        '+++ b/b.ts',
        '@@ -3 +3 @@',
        '-old',
        '\\ No newline at end of file',
        '+new',
        '\\ No newline at end of file',
      ),
    ).toEqual([
      { path: 'a.ts', lines: [1, 2] },
      { path: 'b.ts', lines: [3] },
    ]);
  });

  it('counts of 10 or more; added lines whose text reads as a +++ header stay content', () => {
    // `++ b/evil.ts` and `++ /dev/null` added as code print as `+++ b/evil.ts` and `+++ /dev/null`.
    expect(
      diffOf(
        'diff --git a/a.ts b/a.ts',
        '--- a/a.ts',
        '+++ b/a.ts',
        '@@ -1,10 +1,12 @@',
        ...Array.from({ length: 10 }, (_, k) => `-old ${k}`),
        '+++ b/evil.ts',
        '+++ /dev/null',
        ...Array.from({ length: 10 }, (_, k) => `+new ${k}`),
      ),
    ).toEqual([{ path: 'a.ts', lines: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }]);
  });

  it('a body cut short ends the file; a malformed hunk header or text before the first file is skipped', () => {
    expect(
      diffOf(
        'junk',
        '+++ b/not-a-file.ts',
        'diff --git a/a.ts b/a.ts',
        '--- a/a.ts',
        '+++ b/a.ts',
        '@@ bad @@',
        '@@ -1 +1,5 @@',
        '+only',
      ),
    ).toEqual([{ path: 'a.ts', lines: [1, 2, 3, 4, 5] }]);
  });

  it('a new file has no previous path; a file deleted by its header is dropped; paths keep their text after a/ and b/', () => {
    expect(
      diffOf(
        'diff --git a/n.ts b/n.ts',
        'new file mode 100644',
        '--- /dev/null',
        '+++ b/n.ts',
        '@@ -0,0 +1 @@',
        '+n',
        'diff --git a/d.ts b/d.ts',
        'deleted file mode 100644',
        '--- a/d.ts',
        '+++ b/d.ts',
        'diff --git a/a/b.ts b/a/b.ts',
        '--- a/a/b.ts',
        '+++ b/a/b.ts',
        '@@ -1 +1 @@',
        '-x',
        '+y',
        'diff --git x y',
        '--- x.ts',
        '+++ y.ts',
        '@@ -1 +1 @@',
        '-x',
        '+y',
      ),
    ).toEqual([
      { path: 'n.ts', lines: [1] },
      { path: 'a/b.ts', lines: [1] },
      { path: 'y.ts', previousPath: 'x.ts', lines: [1] },
    ]);
  });
});
