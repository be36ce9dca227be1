/** One file of `git diff --unified=0 -M` between the merge-base and HEAD. */
export interface DiffFile {
  /** Path at HEAD (repo-relative POSIX). */
  path: string;
  /** Path at the merge-base when git followed a rename. */
  previousPath?: string;
  /** Added or modified lines at HEAD, ascending. */
  lines: number[];
}

/** Undo git's C-style quoting of unusual paths (`"a\"b\303\251.ts"`); plain paths pass through. */
export function unquoteGitPath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, a: 7, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0] as string;
      bytes.push(Number.parseInt(oct, 8));
      i += oct.length;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const stripPrefix = (p: string, prefix: string): string =>
  p.startsWith(prefix) ? p.slice(prefix.length) : p;

/**
 * Parse `git diff --unified=0 -M --src-prefix=a/ --dst-prefix=b/` output. Hunk bodies are consumed
 * by the counts in their headers, so a removed line that reads `--- a/x` cannot pass for a header.
 * Deleted files are dropped (no lines at HEAD); pure renames keep their rename with no lines.
 */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let cur: { path?: string; previousPath?: string; deleted: boolean; lines: number[] } | undefined;
  const flush = () => {
    if (cur?.path && !cur.deleted) {
      files.push({
        path: cur.path,
        ...(cur.previousPath && cur.previousPath !== cur.path ? { previousPath: cur.previousPath } : {}),
        lines: cur.lines,
      });
    }
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('diff --git ')) {
      flush();
      cur = { deleted: false, lines: [] };
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('rename from ')) cur.previousPath = unquoteGitPath(line.slice(12));
    else if (line.startsWith('rename to ')) cur.path = unquoteGitPath(line.slice(10));
    else if (line.startsWith('deleted file mode')) cur.deleted = true;
    else if (line.startsWith('--- ')) {
      const p = line.slice(4);
      if (p !== '/dev/null' && cur.previousPath === undefined)
        cur.previousPath = stripPrefix(unquoteGitPath(p), 'a/');
    } else if (line.startsWith('+++ ')) {
      const p = line.slice(4);
      if (p === '/dev/null') cur.deleted = true;
      else cur.path = stripPrefix(unquoteGitPath(p), 'b/');
    } else if (line.startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const removed = m[1] === undefined ? 1 : Number(m[1]);
      const start = Number(m[2]);
      const added = m[3] === undefined ? 1 : Number(m[3]);
      for (let k = 0; k < added; k++) cur.lines.push(start + k);
      // Skip the hunk body: `removed` lines starting with '-', `added` with '+', plus "\ No newline" notes.
      let body = removed + added;
      while (body > 0 && i + 1 < lines.length) {
        const next = lines[i + 1] as string;
        i++;
        if (next.startsWith('\\')) continue;
        body--;
      }
    }
  }
  flush();
  for (const f of files) f.lines.sort((a, b) => a - b);
  return files;
}
