/** Scorers behind the assertions: normalised match, numbers, JSON, similarity, consistency. */

/** Case, accents, punctuation, articles and whitespace do not change a normalised answer. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first number in the text (thousands separators dropped), for numeric tolerance. */
export function firstNumber(text: string): number | undefined {
  const m = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+/.exec(text);
  return m ? Number(m[0].replace(/,/g, '')) : undefined;
}

/** Every balanced {...} / [...] substring that parses as JSON, in order (promptfoo contains-json). */
export function extractJson(text: string): unknown[] {
  const found: unknown[] = [];
  for (let i = 0; i < text.length; i++) {
    const open = text[i];
    if (open !== '{' && open !== '[') continue;
    const close = open === '{' ? '}' : ']';
    let depth = 0;
    let inString = false;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) {
        try {
          found.push(JSON.parse(text.slice(i, j + 1)));
          i = j;
        } catch {
          // Not JSON after all; keep scanning from the next character.
        }
        break;
      }
    }
  }
  return found;
}

export { cosine } from '../../inference/adapters.js';

/**
 * The fallback when no embedding model is configured: cosine of character 3-gram counts of the
 * normalised texts. It measures surface overlap, not meaning, and the report labels it so.
 */
export function ngramSimilarity(a: string, b: string, n = 3): number {
  const grams = (s: string) => {
    const t = ` ${normalizeAnswer(s)} `;
    const m = new Map<string, number>();
    for (let i = 0; i + n <= t.length; i++) m.set(t.slice(i, i + n), (m.get(t.slice(i, i + n)) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let dot = 0;
  for (const [g, c] of ga) dot += c * (gb.get(g) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, c) => s + c * c, 0));
  const d = norm(ga) * norm(gb);
  return d === 0 ? (normalizeAnswer(a) === normalizeAnswer(b) ? 1 : 0) : dot / d;
}

/** Levenshtein edit distance (two rows). */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * Consistency of a group of paraphrased cases: the share of answers equal (normalised) to the
 * group's most common answer. 1 = the model says the same thing however it is asked.
 */
export function groupConsistency(outputs: readonly string[]): number {
  if (outputs.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const o of outputs) counts.set(normalizeAnswer(o), (counts.get(normalizeAnswer(o)) ?? 0) + 1);
  return Math.max(...counts.values()) / outputs.length;
}
