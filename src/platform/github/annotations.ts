import type { Results } from '../../results/schema.js';

/** A Checks API annotation (`output.annotations[]`). Paths are repository-relative. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

/** The Checks API takes at most 50 annotations per request; later PATCHes append. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Beyond this many the annotations stop helping: the report lists the rest. */
export const MAX_ANNOTATIONS = 500;

const LEVEL = { block: 'failure', warn: 'warning', info: 'notice' } as const;

/**
 * Annotations from the results document: regressions and failed gates at the model's line of
 * autoglm.yml, behaviour changes of generated tests at the function's line, and changed lines no
 * test runs (patch coverage). Pure; the worst come first so the cap drops the least useful.
 */
export function annotationsOf(results: Results): Annotation[] {
  const out: Annotation[] = [];
  const src = results.sources;
  const modelLine = (name: string): number | undefined => {
    if (!src) return undefined;
    const direct = src.models[name];
    if (direct) return direct;
    const m = results.suites.flatMap((s) => s.models).find((x) => x.name === name);
    return m?.quantizedFrom ? src.models[m.quantizedFrom] : undefined;
  };
  if (src) {
    for (const g of results.gates) {
      const line = modelLine(g.model);
      if ((g.status !== 'fail' && g.status !== 'missing') || g.accepted || !line) continue;
      out.push({
        path: src.config,
        start_line: line,
        end_line: line,
        annotation_level: LEVEL[g.mode],
        title: `Gate ${g.metric} ${g.status === 'fail' ? 'failed' : 'not measured'}: ${g.model}`,
        message: `${g.metric} of ${g.model} (suite ${g.suite}) is ${g.value === null ? 'not measured' : g.value}${g.min !== undefined ? `, needs ≥ ${g.min}` : ''}${g.max !== undefined ? `, needs ≤ ${g.max}` : ''} (${g.mode})`,
      });
    }
    for (const f of results.comparison?.findings ?? []) {
      const line = modelLine(f.model);
      if (f.outcome !== 'regression' || f.accepted || !line) continue;
      out.push({
        path: src.config,
        start_line: line,
        end_line: line,
        annotation_level: LEVEL[f.mode],
        title: `${f.mode === 'info' ? 'Worse' : 'Regression'}: ${f.metric} of ${f.model}`,
        message: `${f.base} → ${f.current} (${f.method}): ${f.reason}`,
      });
    }
  }
  const t = results.testgen;
  for (const c of t?.behaviourChanges ?? []) {
    const fn = t?.functions.find((x) => x.file === c.file && x.name === c.function);
    out.push({
      path: c.file,
      start_line: fn?.line ?? 1,
      end_line: fn?.line ?? 1,
      annotation_level: 'warning',
      title: `Behaviour changed: ${c.function}`,
      message: `${c.call} returned ${c.base} on the base and ${c.head} now; check that the change is intended`,
    });
  }
  for (const f of results.coverage?.patch?.files ?? []) {
    for (const r of f.uncovered) {
      out.push({
        path: f.path,
        start_line: r.start,
        end_line: r.end,
        annotation_level: 'warning',
        title: 'Changed lines not covered',
        message:
          r.start === r.end
            ? `Changed line ${r.start} is not run by any test`
            : `Changed lines ${r.start}-${r.end} are not run by any test`,
      });
    }
  }
  const rank = { failure: 0, warning: 1, notice: 2 } as const;
  return out
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank[x.a.annotation_level] - rank[y.a.annotation_level] || x.i - y.i)
    .map(({ a }) => a)
    .slice(0, MAX_ANNOTATIONS);
}

/** Split into request-sized batches. */
export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
