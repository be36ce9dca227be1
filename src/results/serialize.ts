import { type Results, ResultsSchema, type SampleRecord, SampleRecordSchema } from './schema.js';

const CHUNK = 1000;

/**
 * Validate a results document without copying its per-sample records: the rest goes through the
 * schema as a whole, the records in chunks whose parsed copies are dropped at once. A 50,000-sample
 * run would otherwise hold a second copy of every record just to check it.
 */
export function checkResults(results: Results): Results {
  const records: SampleRecord[][] = [];
  const skeleton = {
    ...results,
    suites: results.suites.map((s) => ({
      ...s,
      models: s.models.map((m) => {
        records.push(m.samples);
        return { ...m, samples: [] };
      }),
    })),
  };
  const parsed = ResultsSchema.safeParse(skeleton);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid results document at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const checked = parsed.data;
  let k = 0;
  for (const s of checked.suites) {
    for (const m of s.models) {
      const samples = records[k++] as SampleRecord[];
      for (let i = 0; i < samples.length; i += CHUNK) {
        const part = SampleRecordSchema.array().safeParse(samples.slice(i, i + CHUNK));
        if (!part.success) {
          const issue = part.error.issues[0];
          const at = i + Number(issue?.path[0] ?? 0);
          throw new Error(
            `suite ${s.name}, model ${m.name}, sample ${at}: ${issue?.path.slice(1).join('.')}: ${issue?.message}`,
          );
        }
      }
      m.samples = samples;
    }
  }
  return checked;
}

/**
 * The document as indented JSON, except per-sample records, one compact line each: a third of the
 * size of indenting every field, still one record per line for diffs and `grep`.
 */
export function stringifyResults(results: Results): string {
  return [...resultsChunks(results)].join('');
}

/** stringifyResults in pieces of about 1 MB, for writing a big document without one big string. */
export function* resultsChunks(results: Results): Generator<string> {
  const lists: SampleRecord[][] = [];
  const marker = (i: number) => `\u0000samples:${i}\u0000`;
  const skeleton = {
    ...results,
    suites: results.suites.map((s) => ({
      ...s,
      models: s.models.map((m) => {
        lists.push(m.samples);
        return { ...m, samples: marker(lists.length - 1) };
      }),
    })),
  };
  const text = JSON.stringify(skeleton, null, 2);
  let parts: string[] = [];
  let size = 0;
  const push = (piece: string) => {
    parts.push(piece);
    size += piece.length;
  };
  let pos = 0;
  for (let i = 0; i < lists.length; i++) {
    const token = JSON.stringify(marker(i));
    const at = text.indexOf(token, pos);
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const indent = ' '.repeat(text.slice(lineStart, at).search(/\S/));
    push(text.slice(pos, at));
    const list = lists[i] as SampleRecord[];
    if (list.length === 0) push('[]');
    else {
      push('[\n');
      for (let j = 0; j < list.length; j++) {
        push(`${indent}  ${JSON.stringify(list[j])}${j + 1 < list.length ? ',\n' : '\n'}`);
        if (size >= 1 << 20) {
          yield parts.join('');
          parts = [];
          size = 0;
        }
      }
      push(`${indent}]`);
    }
    pos = at + token.length;
  }
  push(text.slice(pos));
  push('\n');
  yield parts.join('');
}
