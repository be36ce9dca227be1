import type { Assertion } from './cases.js';

/** `type:value` / `type(threshold):value` prefixes of promptfoo's CSV `__expected` columns. */
const PREFIXES = [
  'not-contains-any',
  'not-contains-all',
  'not-icontains-any',
  'not-icontains-all',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'not-icontains',
  'not-contains',
  'not-starts-with',
  'not-regex',
  'not-equals',
  'not-similar',
  'not-is-json',
  'not-contains-json',
  'icontains',
  'contains',
  'starts-with',
  'regex',
  'equals',
  'similar',
  'levenshtein',
  'is-json',
  'contains-json',
  'javascript',
  'fn',
  'python',
  'llm-rubric',
  'grade',
  'factuality',
  'model-graded-closedqa',
  'answer-relevance',
];

/** A string assertion: `icontains:paris`, `similar(0.8):ref`, `is-json`, or a bare value (equals). */
export function expectedToAssertion(text: string, _origin: string): Assertion {
  for (const p of PREFIXES) {
    const m = new RegExp(`^${p}(?:\\(([0-9.]+)\\))?(?::([\\s\\S]*))?$`).exec(text);
    if (!m) continue;
    let type = p === 'fn' ? 'javascript' : p === 'grade' ? 'llm-rubric' : p;
    const raw = m[2];
    const list = /-(any|all)$/.test(type);
    const value = raw === undefined ? undefined : list ? raw.split(',').map((s) => s.trim()) : raw;
    if (type === 'javascript' && typeof value === 'string' && value.startsWith('file://'))
      type = 'javascript';
    return {
      type,
      ...(value !== undefined ? { value } : {}),
      ...(m[1] !== undefined ? { threshold: Number(m[1]) } : {}),
      weight: 1,
    };
  }
  return { type: 'equals', value: text, weight: 1 };
}
