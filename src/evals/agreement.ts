import { argmax } from '../inference/adapters.js';
import { type HostTensor, numberAt } from '../inference/tensor.js';
import type { Agreement } from '../results/schema.js';
import { addExact, roundPartials } from './exact-sum.js';

/**
 * Label-free agreement of two models run on the same inputs: for every output both have with the
 * same size, the max and mean absolute difference; top-1 agreement on the first output with a
 * class axis (more than one value per sample). The exact sum and the counts are kept so shards
 * merge into the very figures of one run.
 */
export function agreement(
  a: { name: string; outputs: Map<string, HostTensor[]> },
  b: { name: string; outputs: Map<string, HostTensor[]> },
): Agreement {
  const result: Agreement = { a: a.name, b: b.name, samples: 0, outputs: [] };
  for (const [name, listA] of a.outputs) {
    const listB = b.outputs.get(name);
    if (!listB || listB.length !== listA.length) continue;
    let maxAbsDiff = 0;
    const sum: number[] = [];
    let count = 0;
    let same = 0;
    let comparable = true;
    for (let s = 0; s < listA.length; s++) {
      const ta = listA[s] as HostTensor;
      const tb = listB[s] as HostTensor;
      if (ta.data.length !== tb.data.length) {
        comparable = false;
        break;
      }
      for (let i = 0; i < ta.data.length; i++) {
        const d = Math.abs(numberAt(ta.data, i) - numberAt(tb.data, i));
        if (d > maxAbsDiff) maxAbsDiff = d;
        addExact(sum, d);
        count++;
      }
      if (argmax(ta) === argmax(tb)) same++;
    }
    if (!comparable) continue;
    result.samples = listA.length;
    result.outputs.push({
      name,
      maxAbsDiff,
      meanAbsDiff: count ? roundPartials(sum) / count : 0,
      values: count,
      absDiffSum: sum,
    });
    const perSample = (listA[0]?.data.length ?? 0) > 1;
    if (result.top1 === undefined && perSample) {
      result.top1 = same / listA.length;
      result.top1Matches = same;
    }
  }
  return result;
}
