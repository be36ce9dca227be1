import { describe, expect, it } from 'vitest';
import { discountedPayback, renderRoi, roiReport } from '../src/cost/roi.js';
import { parseRoiConfig } from '../src/cost/roi-config.js';
import { usageErrorAsync } from './helpers.js';

const base = { initialCost: 100, yearlyBenefit: 40, runningCost: 10, discountRate: 0.05, horizon: 10 };

describe('discounted payback (hand-computed)', () => {
  it('100 up front, 30 a year net at 10%: 4.2633 years, NPV 84.34 over 10 years', () => {
    // Discounted flows 27.2727, 24.7934, 22.5394, 20.4904 (sum 95.0960), then 18.6276:
    // 4 + (100 - 95.0960) / 18.6276 = 4.2633. NPV = 30 * (1 - 1.1^-10) / 0.1 - 100 = 84.337.
    const o = discountedPayback({ ...base, discountRate: 0.1 });
    expect(o.paybackYears).toBeCloseTo(4.263267, 5);
    expect(o.npv).toBeCloseTo(84.337013, 5);
    expect(o.flows[0]).toBeCloseTo(27.272727, 5);
  });

  it('the sensitivity table moves one parameter at a time', () => {
    const r = roiReport(base);
    expect(r.rows.map((x) => x.label)).toEqual([
      'base case',
      'yearly benefit -20%',
      'yearly benefit +20%',
      'discount rate 5% -> 10%',
      'running cost +30%',
    ]);
    const years = r.rows.map((x) => x.paybackYears);
    // 3 + (100 - 81.6974) / 24.6811 = 3.7416 at 5%; benefit 32: 5.2894; 48: 2.8939; 10%: 4.2633; running 13: 4.2013.
    expect(years[0]).toBeCloseTo(3.741563, 5);
    expect(years[1]).toBeCloseTo(5.289431, 5);
    expect(years[2]).toBeCloseTo(2.893882, 5);
    expect(years[3]).toBeCloseTo(4.263267, 5);
    expect(years[4]).toBeCloseTo(4.201338, 5);
    expect(r.rows[0]?.npv).toBeCloseTo(131.652048, 5);
  });

  it('beyond the horizon, or never: "no payback within N years", not an endless loop', () => {
    const far = roiReport({ ...base, initialCost: 1000, discountRate: 0.1 });
    expect(far.rows[0]?.paybackYears).toBeUndefined();
    expect(far.rows[0]?.npv).toBeCloseTo(-815.662987, 5);
    expect(renderRoi(far)).toContain('no payback within 10 years');
    const never = discountedPayback({ ...base, yearlyBenefit: 5, horizon: 100 });
    expect(never.paybackYears).toBeUndefined();
  });
});

describe('roi.yml', () => {
  it('reads the model and its variations', () => {
    const c = parseRoiConfig(
      'initial_cost: 100\nyearly_benefit: 40\nrunning_cost: 10\ndiscount_rate: 0.05\nsensitivity:\n  - {parameter: yearly_benefit, change: -0.5}\n',
      'roi.yml',
    );
    expect(c.input).toEqual(base);
    expect(roiReport(c.input, c.variations).rows[1]?.label).toBe('yearly benefit -50%');
  });

  it('negative or non-numeric amounts name file:line and the key', async () => {
    const bad = async (text: string) =>
      (await usageErrorAsync(() => parseRoiConfig(text, 'roi.yml'))).message;
    expect(await bad('initial_cost: 100\nyearly_benefit: -5\ndiscount_rate: 0.05\n')).toBe(
      'roi.yml:2:17: yearly_benefit: expected a non-negative number',
    );
    expect(await bad('initial_cost: lots\nyearly_benefit: 5\ndiscount_rate: 0.05\n')).toContain(
      'roi.yml:1:15: initial_cost: expected a non-negative number',
    );
    expect(await bad('initial_cost: 1\nyearly_benefit: 5\ndiscount_rate: 5\n')).toContain(
      'expected a rate between 0 and 1',
    );
  });
});
