import picomatch from 'picomatch';

/** A suite as planning sees it: its `paths:` globs and the files it depends on. */
export interface PlanSuite {
  name: string;
  /** Globs (relative to the repository root) whose changes affect the suite. */
  paths?: readonly string[];
  /** Files the suite depends on: its config, model files, dataset, adapter code. */
  deps: readonly string[];
}

/** Why this run plans the way it does. */
export type Trigger =
  | { kind: 'pull_request'; changed: readonly string[] }
  | { kind: 'push'; baseBranch: boolean; changed?: readonly string[] }
  | { kind: 'schedule' }
  | { kind: 'manual' };

export interface PlannedSuite {
  name: string;
  run: boolean;
  reason: string;
}

export interface RunPlan {
  full: boolean;
  /** Why every suite runs, when it does. */
  reason?: string;
  suites: PlannedSuite[];
}

const quote = (s: string) => JSON.stringify(s);

/** Index of globs by their literal base folder, so a changed file meets only the globs that can match it. */
class GlobIndex {
  private readonly byBase = new Map<
    string,
    Array<{ suite: number; glob: string; test: (f: string) => boolean }>
  >();

  add(suite: number, glob: string): void {
    const scan = picomatch.scan(glob);
    const base = scan.isGlob ? scan.base.replace(/\/+$/, '') : glob;
    const test = scan.isGlob ? picomatch(glob, { dot: true }) : (f: string) => f === glob;
    let list = this.byBase.get(base);
    if (!list) {
      list = [];
      this.byBase.set(base, list);
    }
    list.push({ suite, glob, test });
  }

  /** Call `hit` for every (suite, glob) matching `file`, skipping suites already `done`. */
  match(file: string, done: Uint8Array, hit: (suite: number, glob: string) => void): void {
    let cut = file.length;
    for (;;) {
      const base = cut === file.length ? file : file.slice(0, cut);
      const list = this.byBase.get(base);
      if (list) for (const g of list) if (!done[g.suite] && g.test(file)) hit(g.suite, g.glob);
      if (cut === 0) break;
      cut = file.lastIndexOf('/', cut - 1);
      if (cut < 0) cut = 0;
    }
  }
}

/**
 * Which suites this run runs: on a pull request (or a push to another branch) the suites whose
 * `paths:` globs or dependencies a changed file touches; on pushes to the base branch, schedules,
 * manual runs or unknown changes, every suite. Each suite says why it runs or is skipped.
 */
export function planRun(suites: readonly PlanSuite[], trigger: Trigger, escalation?: string): RunPlan {
  const all = (reason: string): RunPlan => ({
    full: true,
    reason,
    suites: suites.map((s) => ({ name: s.name, run: true, reason })),
  });
  if (escalation) return all(escalation);
  if (trigger.kind === 'schedule') return all('scheduled run: every suite runs');
  if (trigger.kind === 'manual') return all('run outside a pull request or push: every suite runs');
  if (trigger.kind === 'push' && trigger.baseBranch) return all('push to the base branch: every suite runs');
  const changed = trigger.changed;
  if (!changed) return all('the changed files are unknown: every suite runs');

  const reasons: Array<string | undefined> = new Array(suites.length);
  const done = new Uint8Array(suites.length);
  const deps = new Map<string, number[]>();
  const globs = new GlobIndex();
  suites.forEach((s, i) => {
    for (const d of s.deps) {
      const list = deps.get(d) ?? [];
      list.push(i);
      deps.set(d, list);
    }
    for (const g of s.paths ?? []) globs.add(i, g);
  });
  let left = suites.length;
  // Without paths: nothing says which code a suite depends on, so every change may affect it.
  suites.forEach((s, i) => {
    if (s.paths?.length) return;
    done[i] = 1;
    left--;
    reasons[i] = 'no paths: given, so any change may affect it';
  });
  for (const raw of changed) {
    if (left === 0) break;
    const file = raw.replace(/^\.\//, '');
    for (const i of deps.get(file) ?? []) {
      if (done[i]) continue;
      done[i] = 1;
      left--;
      reasons[i] = `depends on ${quote(file)}, which changed`;
    }
    globs.match(file, done, (i, glob) => {
      done[i] = 1;
      left--;
      reasons[i] = `${quote(file)} matches paths: ${quote(glob)}`;
    });
  }
  return {
    full: left === 0 && suites.length > 0,
    suites: suites.map((s, i) => ({
      name: s.name,
      run: done[i] === 1,
      reason: reasons[i] ?? `no changed file matches its paths: or dependencies (${changed.length} changed)`,
    })),
  };
}
