/** The investment model of `autoglm roi`: one-off cost, then a yearly benefit and running cost. */
export interface RoiInput {
  initialCost: number;
  yearlyBenefit: number;
  runningCost: number;
  /** Yearly discount rate, e.g. 0.05. */
  discountRate: number;
  /** Years to look ahead. */
  horizon: number;
}

export interface RoiOutcome {
  /** Discounted payback period in years (fractional), or undefined when it lies beyond the horizon. */
  paybackYears?: number;
  /** Net present value over the horizon. */
  npv: number;
  /** Discounted net cash flow of each year 1..horizon. */
  flows: number[];
}

/**
 * Discounted payback: the year in which the discounted net flows (benefit - running cost, over
 * (1 + r)^t) first cover the initial cost, interpolated within that year. A bounded loop over the
 * horizon: a model that never pays back says so instead of searching forever.
 */
export function discountedPayback(input: RoiInput): RoiOutcome {
  const flows: number[] = [];
  let cumulative = 0;
  let paybackYears: number | undefined;
  for (let t = 1; t <= input.horizon; t++) {
    const flow = (input.yearlyBenefit - input.runningCost) / (1 + input.discountRate) ** t;
    flows.push(flow);
    if (paybackYears === undefined && flow > 0 && cumulative + flow >= input.initialCost) {
      paybackYears = t - 1 + (input.initialCost - cumulative) / flow;
    }
    cumulative += flow;
  }
  if (input.initialCost <= 0) paybackYears = 0;
  return {
    ...(paybackYears === undefined ? {} : { paybackYears }),
    npv: cumulative - input.initialCost,
    flows,
  };
}

export interface SensitivityCase {
  label: string;
  input: RoiInput;
}

/** A one-at-a-time variation: one parameter moved, the others at their base values. */
export interface Variation {
  parameter: 'yearlyBenefit' | 'runningCost' | 'discountRate' | 'initialCost';
  /** Relative change (`0.2` = +20%) for amounts; for `discountRate`, the rate itself. */
  value: number;
}

/** The brief's default table: benefit -20% and +20%, discount rate 5% -> 10%, running cost +30%. */
export const DEFAULT_VARIATIONS: readonly Variation[] = [
  { parameter: 'yearlyBenefit', value: -0.2 },
  { parameter: 'yearlyBenefit', value: 0.2 },
  { parameter: 'discountRate', value: 0.1 },
  { parameter: 'runningCost', value: 0.3 },
];

const NAMES: Record<Variation['parameter'], string> = {
  yearlyBenefit: 'yearly benefit',
  runningCost: 'running cost',
  discountRate: 'discount rate',
  initialCost: 'initial cost',
};

const pct = (x: number) => `${x > 0 ? '+' : ''}${Math.round(x * 1000) / 10}%`;

export function sensitivityCases(base: RoiInput, variations: readonly Variation[]): SensitivityCase[] {
  return [
    { label: 'base case', input: base },
    ...variations.map((v) => {
      if (v.parameter === 'discountRate') {
        return {
          label: `discount rate ${pct(base.discountRate).replace('+', '')} -> ${pct(v.value).replace('+', '')}`,
          input: { ...base, discountRate: v.value },
        };
      }
      return {
        label: `${NAMES[v.parameter]} ${pct(v.value)}`,
        input: { ...base, [v.parameter]: base[v.parameter] * (1 + v.value) },
      };
    }),
  ];
}

export interface RoiReport {
  base: RoiInput;
  rows: Array<{ label: string; paybackYears?: number; npv: number }>;
}

export function roiReport(base: RoiInput, variations: readonly Variation[] = DEFAULT_VARIATIONS): RoiReport {
  return {
    base,
    rows: sensitivityCases(base, variations).map((c) => {
      const o = discountedPayback(c.input);
      return {
        label: c.label,
        ...(o.paybackYears === undefined ? {} : { paybackYears: o.paybackYears }),
        npv: o.npv,
      };
    }),
  };
}

const money = (x: number) => `${x < 0 ? '-' : ''}${Math.abs(Math.round(x)).toLocaleString('en-US')}`;

/** The sensitivity table, plain text. */
export function renderRoi(report: RoiReport, currency = 'USD'): string {
  const head = ['case', 'discounted payback', `NPV (${currency})`];
  const cells = report.rows.map((r) => [
    r.label,
    r.paybackYears === undefined
      ? `no payback within ${report.base.horizon} years`
      : `${r.paybackYears.toFixed(2)} years`,
    money(r.npv),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: readonly string[]) =>
    c.map((x, i) => (i === 0 ? x.padEnd(widths[i] as number) : x.padStart(widths[i] as number))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
